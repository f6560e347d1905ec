// The intake page's search as you type. The page works without it: the
// search is a GET form whose results come as radio buttons. This only
// asks the same search, as JSON, while the name is typed, and lists what
// it finds in the same radio buttons, built from text (never as HTML).
'use strict';
(function () {
  var q = document.getElementById('q');
  var kept = document.getElementById('q-kept');
  var list = document.getElementById('matches');
  var status = document.getElementById('matches-status');
  var fresh = document.getElementById('person-new');
  if (!q || !kept || !list || !status || !fresh || !window.fetch) return;
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
    if (!list.querySelector('input:checked')) fresh.checked = true;
    status.textContent = text === '' ? '' :
      status.getAttribute(matches.length ? 'data-some' : 'data-none');
  }

  function search() {
    var text = q.value.trim();
    var mine = ++asked;
    kept.value = text;
    if (text === '') { show([], ''); return; }
    fetch('/intake?q=' + encodeURIComponent(text), {
      headers: { Accept: 'application/json' },
      credentials: 'same-origin'
    }).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (data) {
      // An answer to an older search that came in late is dropped.
      if (data && mine === asked) show(data.matches || [], text);
    }).catch(function () { /* the plain form still works */ });
  }

  q.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });
})();
