/**
 * What to tell the user for each triggered filter, client-side (FaceAbsent, ...) and server-side
 * (face_missing, ...), per language. The first triggered filter with a text wins; unknown languages
 * fall back to English.
 */
export const GUIDANCE = Object.freeze({
  en: {
    FaceAbsent: 'Place your face in the frame',
    FaceMultiple: 'Make sure only you are in the frame',
    FaceOffCenter: 'Center your face in the frame',
    FacePartial: 'Show your whole face',
    FaceTooLarge: 'Move a little further away',
    FaceTooSmall: 'Move closer to the camera',
    face_missing: 'Place your face in the frame',
    face_multiple: 'Make sure only you are in the frame',
    face_too_small: 'Move closer to the camera',
    face_too_close: 'Move a little further away',
    image_metadata_low_light: 'Find a brighter place',
    face_partial: 'Show your whole face',
    face_off_center: 'Center your face in the frame',
    face_angle: 'Look straight at the camera',
    eyes_closed: 'Keep your eyes open',
    image_blurry: 'Hold still: the picture is blurred',
    image_overexposed: 'Too much light: turn away from the light',
    image_grayscale: 'Use a colour camera',
    ready: 'Look at the camera',
    starting: 'Starting the camera…',
    cameraInstructions: 'Allow camera access when your browser asks',
    finished: 'Done',
    failed: 'That did not work. Please try again.',
  },
  fr: {
    FaceAbsent: 'Placez votre visage dans le cadre',
    FaceMultiple: 'Assurez-vous d’être seul dans le cadre',
    FaceOffCenter: 'Centrez votre visage dans le cadre',
    FacePartial: 'Montrez tout votre visage',
    FaceTooLarge: 'Reculez un peu',
    FaceTooSmall: 'Approchez-vous de la caméra',
    face_missing: 'Placez votre visage dans le cadre',
    face_multiple: 'Assurez-vous d’être seul dans le cadre',
    face_too_small: 'Approchez-vous de la caméra',
    face_too_close: 'Reculez un peu',
    image_metadata_low_light: 'Trouvez un endroit plus lumineux',
    face_partial: 'Montrez tout votre visage',
    face_off_center: 'Centrez votre visage dans le cadre',
    face_angle: 'Regardez droit vers la caméra',
    eyes_closed: 'Gardez les yeux ouverts',
    image_blurry: 'Ne bougez plus : l’image est floue',
    image_overexposed: 'Trop de lumière : détournez-vous de la source',
    image_grayscale: 'Utilisez une caméra couleur',
    ready: 'Regardez la caméra',
    starting: 'Démarrage de la caméra…',
    cameraInstructions: 'Autorisez l’accès à la caméra quand votre navigateur le demande',
    finished: 'Terminé',
    failed: 'Cela n’a pas fonctionné. Veuillez réessayer.',
  },
});

/** The text for a key in a language (`fr-CA` uses `fr`), falling back to English. */
export function text(lang, key) {
  const base = String(lang ?? 'en').toLowerCase().split('-')[0];
  return (GUIDANCE[base] ?? GUIDANCE.en)[key] ?? GUIDANCE.en[key];
}

/** The guidance for the first triggered filter that has one, or undefined. */
export function guidanceFor(lang, triggered) {
  const key = triggered.find((name) => name in GUIDANCE.en);
  return key ? text(lang, key) : undefined;
}
