// Common Ground: keep a course link (Contents, Previous, Next) only if its notebook is served.
//
// The links are file names relative to the page (widgets.navigation.course_links). They work
// where Voilà serves a folder, which renders each notebook at .../voila/render/<path>: `voila
// notebooks/`, plain `voila` in the course folder, a hub's /user/<name>/voila/render/... There the
// folder is listed once (Voilà's own contents API) and a link to a notebook not in it is dropped,
// e.g. Contents in an assignment folder. `voila FILE` serves one notebook at the root and answers
// any other path with the raw file, so there every course link is dropped. The same rule, for the
// kernel's side, is widgets.navigation.serves_folder.
(function () {
  'use strict';

  function drop(link) {
    var item = link.closest('[data-cg-course-item], li');
    var list = item && item.parentElement;
    if (link.closest('.govuk-service-navigation__service-name')) {
      var text = document.createElement('span');
      text.className = 'govuk-service-navigation__text';
      text.textContent = link.textContent;
      link.replaceWith(text);
    } else if (item) {
      item.remove();
    } else {
      link.remove();
    }
    if (list && !list.querySelector('a')) {
      var wrapper = list.closest('nav') || list;
      wrapper.remove();
    }
  }

  function keepOnly(served) {
    document.querySelectorAll('[data-cg-course-link]').forEach(function (link) {
      if (!served || !served.has(link.getAttribute('data-cg-course-link'))) drop(link);
    });
    document.body.setAttribute('data-cg-course-links', 'checked');
  }

  var match = window.location.pathname.match(/\/voila\/render\/((?:[^/]+\/)*)[^/]+$/);
  if (!match) {
    keepOnly(null);
    return;
  }
  var base = document.body.getAttribute('data-base-url') || '/voila/';
  var folder = match[1].replace(/\/$/, ''); // the contents API takes no trailing slash
  fetch(base + 'api/contents/' + folder + '?content=1', { credentials: 'same-origin' })
    .then(function (response) {
      if (!response.ok) return null;
      return response.json().then(function (model) {
        var names = (model.content || []).map(function (entry) { return entry.name; });
        return new Set(names.map(encodeURIComponent).concat(names));
      });
    })
    .then(keepOnly, function () {
      // The listing did not answer (a network error): leave the links as they are.
      document.body.setAttribute('data-cg-course-links', 'unchecked');
    });
})();
