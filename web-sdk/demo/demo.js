// The demo page's own code: what an integrator writes around <kl-enroll>/<kl-auth>.
import '/sdk/likeness-components.js';

const backend = new URLSearchParams(location.search).get('backend') ?? `${location.protocol}//${location.hostname}:8085`;
const $ = (id) => document.getElementById(id);

async function call(path, body) {
  const response = await fetch(`${backend}${path}`, body === undefined ? {} : {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  const answer = await response.json();
  if (!response.ok) {
    throw new Error(answer.error ?? `HTTP ${response.status}`);
  }
  return answer;
}

$('start').addEventListener('submit', async (event) => {
  event.preventDefault();
  const operation = event.submitter?.value ?? 'enroll';
  const username = $('username').value;
  const transactionData = $('transaction').value;
  $('outcome').textContent = 'Asking the backend for a token…';
  $('verdict').textContent = '';
  try {
    // The token authorizes this operation on this transaction data only (its op and td_hash claims).
    // `login` names the login the backend began; it holds the transaction JWT to that login's user.
    let [config, { token, login }] = await Promise.all([call('/config'), call('/token', { username, operation, transactionData })]);
    const element = document.createElement(operation === 'enroll' ? 'kl-enroll' : 'kl-auth');
    for (const [name, value] of Object.entries({
      'authorization-token': token, customer: config.customer, key: config.imageKey, 'key-id': config.keyId,
      'transaction-data': transactionData, username, 'ws-url': config.wsUrl, lang: $('lang').value,
      'enable-camera-instructions': '', size: 'medium', theme: 'light',
    })) {
      element.setAttribute(name, value);
    }
    element.onfinished = async ({ detail }) => {
      $('outcome').textContent = `${detail.type} finished; verifying the transaction JWT…`;
      const verdict = await call('/verify', { transactionJwt: detail.transactionJwt, login });
      $('outcome').textContent = verdict.valid ? `Verified: ${detail.type} of ${detail.username}` : `Not valid: ${verdict.reason}`;
      $('verdict').textContent = JSON.stringify(verdict, null, 2);
    };
    element.onerror = (error) => {
      $('outcome').textContent = `Error: ${error.message}`;
    };
    // "Try again" in the component: a fresh single-use token for the same operation and transaction.
    element.authorizationTokenProvider = async () => {
      ({ token, login } = await call('/token', { username, operation, transactionData }));
      return token;
    };
    $('stage').replaceChildren(element);
    $('outcome').textContent = 'Follow the guidance under the camera.';
  } catch (failure) {
    $('outcome').textContent = `Error: ${failure.message}`;
  }
});
