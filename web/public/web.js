// Progressive enhancement only: every page works without it. govuk-frontend's components, and
// an accessible autocomplete over the crime type select (its options and groups stay the truth).
import { initAll } from '/assets/govuk/govuk-frontend.min.js';

initAll();

const select = document.querySelector('[data-module="app-crime-type-autocomplete"]');
if (select && window.accessibleAutocomplete) {
  window.accessibleAutocomplete.enhanceSelectElement({
    selectElement: select,
    defaultValue: '',
    showAllValues: true,
    // A group's name helps find a type: typing "cyber" or "scam" lists that group's types.
    source: (query, populate) => {
      const words = query.toLowerCase().split(/\s+/).filter(Boolean);
      const options = Array.from(select.querySelectorAll('option')).filter((option) => option.value !== '');
      populate(
        options
          .filter((option) => {
            const text = `${option.textContent} ${option.parentElement.label ?? ''}`.toLowerCase();
            return words.every((word) => text.includes(word));
          })
          .map((option) => option.textContent),
      );
    },
  });
}
