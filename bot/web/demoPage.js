// The demo page: a customer selector and Web Chat over the bot's own Direct Line. Every start (page load, customer
// switch, "New conversation") builds a new Web Chat in a fresh container with its own store and a new token, so the
// old transcript is gone and the bot's welcome appears once.
(function () {
  'use strict';
  var select = document.getElementById('customer');
  var restart = document.getElementById('restart');
  var status = document.getElementById('status');
  var directLine;
  var generation = 0;

  function showError(message) {
    status.hidden = false;
    status.textContent = message;
  }

  function guestId() {
    var bytes = new Uint8Array(6);
    crypto.getRandomValues(bytes);
    return 'guest-' + Array.prototype.map.call(bytes, function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }

  async function loadCustomers() {
    var response = await fetch('/api/demo/customers');
    if (!response.ok) return;
    var customers = (await response.json()).customers;
    customers.forEach(function (c, i) {
      var option = document.createElement('option');
      option.value = c.id;
      // The name only: store ids stay out of sight, and so do importers' placeholder names ("Customer 12347").
      option.textContent = c.name && !/\d/.test(c.name) ? c.name : 'Shopper ' + (i + 1) + ' (no name on file)';
      select.appendChild(option);
    });
    var wanted = new URLSearchParams(location.search).get('customer');
    if (wanted !== null && Array.prototype.some.call(select.options, function (o) { return o.value === wanted; })) select.value = wanted;
    else if (wanted === null && customers.length > 0) select.value = customers[0].id;
  }

  function freshContainer() {
    var old = document.getElementById('webchat');
    var fresh = document.createElement('div');
    fresh.id = 'webchat';
    fresh.setAttribute('role', 'main');
    old.replaceWith(fresh);
    return fresh;
  }

  async function start() {
    var mine = ++generation;
    status.hidden = true;
    if (!window.WebChat) { showError('Web Chat could not be loaded (no vendored bundle and no internet access).'); return; }
    if (directLine) { directLine.end(); directLine = undefined; }
    var container = freshContainer();
    var customerId = select.value || guestId();
    var url = new URL(location.href);
    if (select.value) url.searchParams.set('customer', select.value); else url.searchParams.set('customer', '');
    history.replaceState(null, '', url);
    var response = await fetch('/api/demo/token', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ customerId: customerId })
    });
    if (mine !== generation) return; // a newer start (another click) owns the page now
    if (!response.ok) { showError('Could not start a conversation (' + response.status + ').'); return; }
    var token = (await response.json()).token;
    directLine = window.WebChat.createDirectLine({ token: token, domain: location.origin + '/v3/directline', webSocket: true });
    window.WebChat.renderWebChat({
      directLine: directLine,
      store: window.WebChat.createStore(),
      locale: 'en-GB',
      styleOptions: {
        hideUploadButton: true,
        richCardWrapTitle: true,
        suggestedActionLayout: 'flow',
        bubbleMaxWidth: 600,
        primaryFont: 'system-ui, sans-serif'
      }
    }, container);
    container.dataset.conversation = String(mine);
  }

  select.addEventListener('change', function () { start().catch(function (e) { showError(String(e)); }); });
  restart.addEventListener('click', function () { start().catch(function (e) { showError(String(e)); }); });
  loadCustomers().catch(function () { return undefined; }).then(start).catch(function (e) { showError(String(e)); });
})();
