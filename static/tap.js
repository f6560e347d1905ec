// The tap counter without reloading the page. The page works without it:
// each button is a form that posts and comes back to the page. This posts
// the same with fetch, as JSON, and writes the total the server answers
// in place, so that a volunteer can tap as fast as people come.
'use strict';
(function () {
  var count = document.getElementById('count');
  var mine = document.getElementById('mine');
  var status = document.getElementById('tap-status');
  var forms = document.querySelectorAll('form.tap-form');
  if (!count || !mine || !status || !forms.length || !window.fetch) return;
  var session = count.getAttribute('data-session');
  var sent = 0;
  var shown = 0;

  function tap(form, delta) {
    var seq = ++sent;
    var csrf = form.querySelector('input[name="_csrf"]').value;
    status.textContent = '';
    fetch('/sessions/' + session + '/count', {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        'Content-Type': 'application/json',
        'X-CSRF-Token': csrf
      },
      body: JSON.stringify({ delta: delta })
    }).then(function (r) {
      return r.json().then(function (data) { return { ok: r.ok, data: data }; });
    }).then(function (a) {
      if (!a.ok) {
        var err = a.data && a.data.error;
        status.textContent = err && err.message ? err.message :
          status.getAttribute('data-fail');
        return;
      }
      var m = Number(mine.textContent) + delta;
      mine.textContent = String(m < 0 ? 0 : m);
      // Answers may come back out of order: an older total never
      // replaces a newer one.
      if (seq > shown) {
        shown = seq;
        count.textContent = String(a.data.count);
      }
    }).catch(function () {
      status.textContent = status.getAttribute('data-fail');
    });
  }

  Array.prototype.forEach.call(forms, function (form) {
    var delta = Number(form.getAttribute('data-delta'));
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      tap(form, delta);
    });
  });
})();
