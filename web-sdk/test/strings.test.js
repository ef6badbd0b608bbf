import assert from 'node:assert/strict';
import { test } from 'node:test';
import { directionOf, guidanceFor, LANGUAGES, registerLikenessStrings, STRING_KEYS, text } from '../src/ui/strings.js';

test('every shipped language has every string, and none is left in English by mistake', () => {
  assert.deepEqual([...LANGUAGES].sort(), ['ar', 'de', 'en', 'es', 'fr', 'it', 'pt']);
  for (const lang of LANGUAGES.filter((l) => l !== 'en')) {
    for (const key of STRING_KEYS) {
      assert.ok(text(lang, key), `${lang}.${key}`);
    }
    // The short words ("Caméra" vs "Camera") may coincide; whole sentences never should.
    const same = STRING_KEYS.filter((key) => text(lang, key) === text('en', key) && text('en', key).includes(' '));
    assert.deepEqual(same, [], `${lang}: untranslated`);
  }
});

test('guidance exists for every client filter and every server filter the contract names', () => {
  const filters = ['FaceAbsent', 'FaceMultiple', 'FaceOffCenter', 'FacePartial', 'FaceTooLarge', 'FaceTooSmall',
    'face_missing', 'face_multiple', 'face_too_small', 'face_too_close', 'face_partial', 'face_off_center',
    'face_angle_too_large', 'eyes_closed', 'face_is_occluded', 'image_metadata_low_light', 'image_black_and_white',
    'no_movement_from_subject', 'blurry', 'overexposed'];
  for (const filter of filters) {
    assert.ok(guidanceFor('de', [filter]), filter);
  }
  assert.equal(guidanceFor('fr', ['none', 'eyes_closed']), 'Gardez les yeux ouverts', 'the first filter with guidance');
  assert.equal(guidanceFor('fr', ['none']), undefined);
});

test('regional and unknown languages fall back, right-to-left ones are marked, and integrators can override and add', () => {
  assert.equal(text('pt-BR', 'retry'), text('pt', 'retry'));
  assert.equal(text('xx', 'retry'), 'Try again');
  assert.equal(text('ar-EG', 'eyes_closed'), 'أبقِ عينيك مفتوحتين');
  assert.equal(directionOf('ar'), 'rtl');
  assert.equal(directionOf('he-IL'), 'rtl');
  assert.equal(directionOf('fr'), 'ltr');

  assert.deepEqual(registerLikenessStrings('nl', { retry: 'Opnieuw', retyr: 'typo' }), ['retyr']);
  assert.equal(text('nl', 'retry'), 'Opnieuw');
  assert.equal(text('nl', 'finished'), 'Done');
  registerLikenessStrings('fr', { finished: 'C’est fait' });
  assert.equal(text('fr', 'finished'), 'C’est fait');
  assert.equal(text('fr', 'retry'), 'Réessayer', 'an override changes only its keys');
});
