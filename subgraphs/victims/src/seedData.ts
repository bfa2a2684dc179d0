// Reference data for the victims subgraph: the rights in the Victims' Code. The services directory
// is kept as Open Referral UK JSON in ../data/directory.oruk.json (see seed.ts).
import type { Prisma } from './generated/prisma/client.ts';

/** The 12 rights of the Code of Practice for Victims of Crime in England and Wales (the Victims' Code, in force from April 2021). */
export const victimsCodeRights: Prisma.VictimsCodeRightCreateManyInput[] = [
  {
    number: 1,
    title: 'To be able to understand and to be understood',
    summary:
      'Services must communicate in simple, accessible language, and you can have help to understand and be understood, including an interpreter or translation of key documents if you do not speak English.',
    appliesToBusinesses: true,
    forBusinesses: 'A business names a point of contact, usually the owner or a manager, and communication about the crime goes through that person.',
  },
  {
    number: 2,
    title: 'To have the details of the crime recorded without unjustified delay',
    summary: 'When you report a crime to the police it must be recorded without unjustified delay, and you should get written confirmation with a crime reference number.',
    appliesToBusinesses: true,
    forBusinesses: 'The business gets the written acknowledgement and crime reference number through its named point of contact; keep it for insurers and the bank.',
  },
  {
    number: 3,
    title: 'To be provided with information when reporting the crime',
    summary: 'When you report, you must be told what to expect from the criminal justice process, how you will be kept updated, and what support is available.',
    appliesToBusinesses: true,
    forBusinesses: 'The named point of contact is told what will happen next and how the business will be updated.',
  },
  {
    number: 4,
    title: 'To be referred to services that support victims and have services and support tailored to your needs',
    summary:
      'The police must assess your needs and, with your agreement, refer you to support services within two working days. You can also contact support services yourself, whether or not you report.',
    appliesToBusinesses: true,
    forBusinesses: 'A business can be referred to the Staffordshire Victim Gateway and other services that support businesses; staff harmed at work can be referred in their own right.',
  },
  {
    number: 5,
    title: 'To be provided with information about compensation',
    summary: 'You must be told how to seek compensation, for example a court compensation order against the offender or, for injuries from violent crime, the Criminal Injuries Compensation Scheme.',
    appliesToBusinesses: true,
    forBusinesses:
      'A court can order an offender to pay a business compensation for its loss or damage, so keep records of what the crime cost. The Criminal Injuries Compensation Scheme is only for injured people, such as staff assaulted at work, not for the business.',
  },
  {
    number: 6,
    title: 'To be provided with information about the investigation and prosecution',
    summary: 'You must be told about key decisions, such as whether a suspect is arrested, charged, released or given an out-of-court disposal, and whether the case will go to court.',
    appliesToBusinesses: true,
    forBusinesses: 'Updates on the investigation and any prosecution go to the business through its named point of contact.',
  },
  {
    number: 7,
    title: 'To make a Victim Personal Statement',
    summary:
      'You can make a statement explaining how the crime has affected you, which the court takes into account when sentencing. You can say whether you want to read it aloud or have it read for you.',
    appliesToBusinesses: true,
    forBusinesses:
      'A business makes an Impact Statement for Business (ISB) through its named point of contact, setting out the effect on trade, costs, reputation and staff. Staff who were personally affected can still make their own Victim Personal Statement.',
  },
  {
    number: 8,
    title: 'To be given information about the trial, trial process and your role as a witness',
    summary:
      'If you are a witness, you must be told about court dates and what to expect, offered a visit to the court beforehand, and considered for special measures that help you give your best evidence.',
    appliesToBusinesses: true,
    forBusinesses: 'The Witness Care Unit contacts the named point of contact and any staff called as witnesses with court dates and arrangements.',
  },
  {
    number: 9,
    title: 'To be given information about the outcome of the case and any appeals',
    summary: 'You must be told the verdict and, if the defendant is convicted, the sentence with an explanation, and about any appeal and its outcome.',
    appliesToBusinesses: true,
    forBusinesses: 'The outcome, sentence and any appeal are explained to the business through its named point of contact.',
  },
  {
    number: 10,
    title: 'To be paid expenses and have property returned',
    summary: 'If you attend court as a witness you can claim certain expenses, such as travel and loss of earnings, and property taken as evidence should be returned as soon as possible.',
    appliesToBusinesses: true,
    forBusinesses:
      'Stolen goods, equipment or documents the police hold as evidence should be returned to the business as soon as they are no longer needed; staff attending court as witnesses can claim expenses.',
  },
  {
    number: 11,
    title: 'To be given information about the offender following a conviction',
    summary:
      'If the offender is sentenced to 12 months or more for a violent or sexual offence, you can join the Victim Contact Scheme to be told about their release and to ask for licence conditions.',
    appliesToBusinesses: false,
    forBusinesses: 'The Victim Contact Scheme is for people, not businesses: a member of staff who was the victim of a qualifying violent or sexual offence can join it in their own right.',
  },
  {
    number: 12,
    title: 'To make a complaint about your rights not being met',
    summary:
      'If you think an organisation has not given you your rights under the Code, you can complain to it, and if still unhappy, ask your MP to refer the complaint to the Parliamentary and Health Service Ombudsman.',
    appliesToBusinesses: true,
    forBusinesses: 'The named point of contact can complain on behalf of the business to the organisation concerned, for example Staffordshire Police.',
  },
];
