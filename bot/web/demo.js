// The demo page's script (served as a file so the page's Content-Security-Policy needs no inline scripts).
(function () {
  const select = document.getElementById('customer');
  const status = document.getElementById('status');
  const showError = (message) => { status.hidden = false; status.textContent = message; };
  let directLine;

  async function loadCustomers() {
    const response = await fetch('/api/demo/customers');
    if (!response.ok) return;
    const { customers } = await response.json();
    for (const c of customers) {
      const option = document.createElement('option');
      option.value = c.id;
      option.textContent = c.name ? c.name + ' (' + c.id + ')' : c.id;
      select.appendChild(option);
    }
    const wanted = new URLSearchParams(location.search).get('customer');
    if (wanted) select.value = wanted;
    else if (customers.length > 0) select.value = customers[0].id;
  }

  async function start() {
    if (!window.WebChat) { showError('Web Chat could not be loaded (no vendored bundle and no internet access).'); return; }
    if (directLine) directLine.end();
    const customerId = select.value || 'guest-' + Math.random().toString(36).slice(2, 10);
    const response = await fetch('/api/demo/token', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ customerId })
    });
    if (!response.ok) { showError('Could not start a conversation: ' + response.status); return; }
    const { token } = await response.json();
    directLine = window.WebChat.createDirectLine({ token, domain: location.origin + '/v3/directline', webSocket: true });
    window.WebChat.renderWebChat({ directLine, userID: customerId, username: customerId, locale: 'en-US', styleOptions: { hideUploadButton: true } }, document.getElementById('webchat'));
  }

  select.addEventListener('change', start);
  document.getElementById('restart').addEventListener('click', start);
  loadCustomers().catch(() => undefined).then(start).catch((e) => showError(String(e)));
})();
