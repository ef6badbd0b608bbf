/**
 * Frame encryption exactly as the server opens it (crypto/ImageEnvelope.java): a fresh AES-256-GCM
 * key and 12-byte nonce per frame, the tag appended to the ciphertext (WebCrypto's layout), and the
 * key wrapped with RSA-OAEP (SHA-256) to the customer's image-encryption public key.
 */

const subtle = () => {
  if (!globalThis.crypto?.subtle) {
    throw new Error('WebCrypto is unavailable (a secure context, https or localhost, is required)');
  }
  return globalThis.crypto.subtle;
};

/** Imports the customer's image-encryption public key from PEM (SPKI) or base64 DER. */
export async function importImageKey(value) {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError('key value missing');
  }
  const base64 = value.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '').replace(/\s+/g, '');
  const der = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return subtle().importKey('spki', der, { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['wrapKey']);
}

/**
 * The associated data that binds a frame to its session (crypto/FrameBinding.java): the UTF-8 of
 * `likeness-frame-v1:<session id from Ready>:<sequence>`. The server opens the frame with the
 * session and sequence it verified, so the frame cannot be replayed into another session.
 */
export function frameAssociatedData(sessionId, sequence) {
  return new TextEncoder().encode(`likeness-frame-v1:${sessionId}:${sequence}`);
}

/**
 * Encrypts one JPEG for the holder of the customer's private key.
 * @param {CryptoKey} imageKey from importImageKey
 * @param {Uint8Array} jpeg
 * @param {Uint8Array} associatedData from frameAssociatedData
 * @returns {Promise<{wrappedKey: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array}>}
 */
export async function sealFrame(imageKey, jpeg, associatedData) {
  const contentKey = await subtle().generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt']);
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const ciphertext = new Uint8Array(await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: associatedData }, contentKey, jpeg));
  const wrappedKey = new Uint8Array(await subtle().wrapKey('raw', contentKey, imageKey, { name: 'RSA-OAEP' }));
  return { wrappedKey, iv, ciphertext };
}
