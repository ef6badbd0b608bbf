import assert from 'node:assert/strict';
import { createDecipheriv, generateKeyPairSync, privateDecrypt, constants } from 'node:crypto';
import { test } from 'node:test';
import { frameAssociatedData, importImageKey, sealFrame } from '../src/frame-crypto.js';

test('a sealed frame opens with the customer private key exactly as the server opens it', async () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = publicKey.export({ type: 'spki', format: 'pem' });
  const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5]);

  const associatedData = frameAssociatedData('3f2a', 12);
  assert.equal(new TextDecoder().decode(associatedData), 'likeness-frame-v1:3f2a:12', 'the bytes crypto/FrameBinding.java builds');
  const sealed = await sealFrame(await importImageKey(pem), jpeg, associatedData);
  assert.equal(sealed.iv.length, 12);
  assert.equal(sealed.ciphertext.length, jpeg.length + 16);

  // RSA-OAEP with SHA-256 for both the digest and MGF1, as crypto/ImageEnvelope.java unwraps it.
  const contentKey = privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    sealed.wrappedKey);
  assert.equal(contentKey.length, 32);
  const open = (aad) => {
    const decipher = createDecipheriv('aes-256-gcm', contentKey, sealed.iv);
    decipher.setAAD(aad);
    decipher.setAuthTag(sealed.ciphertext.subarray(sealed.ciphertext.length - 16));
    return Buffer.concat([decipher.update(sealed.ciphertext.subarray(0, sealed.ciphertext.length - 16)), decipher.final()]);
  };
  assert.deepEqual(new Uint8Array(open(associatedData)), jpeg);
  assert.throws(() => open(frameAssociatedData('another-session', 12)), 'bound to its session');
  assert.throws(() => open(frameAssociatedData('3f2a', 13)), 'and to its place in it');

  const again = await sealFrame(await importImageKey(pem), jpeg, associatedData);
  assert.notDeepEqual(again.iv, sealed.iv);
  assert.notDeepEqual(again.wrappedKey, sealed.wrappedKey);
});

test('a key that is no SPKI public key is refused', async () => {
  await assert.rejects(importImageKey('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----'));
  await assert.rejects(importImageKey(''));
});
