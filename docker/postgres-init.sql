-- One database per subgraph: partners never share tables.
CREATE DATABASE bch_police;
CREATE DATABASE bch_support;
CREATE DATABASE bch_cyber;
CREATE DATABASE bch_victims;
