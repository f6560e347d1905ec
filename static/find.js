// Finding a person as their name (or phone) is typed, on the pages that
// pick someone on file: taking a call (/intake) and signing people in at
// a session (/sessions/ID). Each page works without it: its search is a
// GET form whose results come as radio buttons (person_id, id person-ID)
// in #matches. This only asks the same search, as JSON, while the text is
// typed, and lists what it finds in the same radio buttons, built from
// text (never as HTML). The page says, on #matches, where to ask
// (data-search, the text is appended) and which key of the answer holds
// the list (data-list); #matches-status, what to say when some or none
// are found (data-some, data-none). #q-kept (the search the form posts)
// and #person-new (someone new, chosen when nobody on file is) are
// there on some pages only; a hidden box around the list shows once a
// search is typed.
'use strict';
(function () {
  var q = document.getElementById('q');
  var kept = document.getElementById('q-kept');
  var list = document.getElementById('matches');
  var status = document.getElementById('matches-status');
  var fresh = document.getElementById('person-new');
  if (!q || !list || !status || !window.fetch) return;
  var ask = list.getAttribute('data-search');
  var key = list.getAttribute('data-list');
  var box = list.closest('fieldset');
  if (!ask || !key) return;
  var timer = null;
  var asked = 0;

  function chosen() {
    var c = list.querySelector('input[name="person_id"]:checked');
    return c ? c.value : '';
  }

  function row(person, keep) {
    var div = document.createElement('div');
    var input = document.createElement('input');
    var label = document.createElement('label');
    var id = 'person-' + person.id;
    div.className = 'choice';
    input.type = 'radio';
    input.name = 'person_id';
    input.id = id;
    input.value = String(person.id);
    input.checked = keep === input.value;
    label.htmlFor = id;
    label.textContent = person.name;
    if (person.zone_name) {
      var zone = document.createElement('span');
      zone.className = 'meta';
      zone.textContent = ' · ' + person.zone_name;
      label.appendChild(document.createTextNode(' '));
      label.appendChild(zone);
    }
    div.appendChild(input);
    div.appendChild(label);
    return div;
  }

  function show(matches, text) {
    var keep = chosen();
    while (list.firstChild) list.removeChild(list.firstChild);
    matches.forEach(function (m) { list.appendChild(row(m, keep)); });
    if (fresh && !list.querySelector('input:checked')) fresh.checked = true;
    if (box && text !== '') box.hidden = false;
    status.textContent = text === '' ? '' :
      status.getAttribute(matches.length ? 'data-some' : 'data-none');
  }

  function search() {
    var text = q.value.trim();
    var mine = ++asked;
    if (kept) kept.value = text;
    if (text === '') { show([], ''); return; }
    fetch(ask + encodeURIComponent(text), {
      headers: { Accept: 'application/json' },
      credentials: 'same-origin'
    }).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (data) {
      // An answer to an older search that came in late is dropped.
      if (data && mine === asked) show(data[key] || [], text);
    }).catch(function () { /* the plain form still works */ });
  }

  q.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });
})();
