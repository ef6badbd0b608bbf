/**
 * What the components say, per language: guidance for every client and server filter, the
 * states of the capture, and what went wrong. Languages are looked up by their base subtag
 * (`fr-CA` uses `fr`); a missing key or language falls back to English. Integrators override or
 * add strings with registerLikenessStrings (README, "Languages").
 *
 * Server filters are named as the client contract (CLIENT-SDK.md) names them, including
 * face_is_occluded and no_movement_from_subject, which quality-service does not run yet.
 */

const en = {
  FaceAbsent: 'Place your face in the oval',
  FaceMultiple: 'Make sure only you are in the frame',
  FaceOffCenter: 'Center your face in the oval',
  FacePartial: 'Show your whole face',
  FaceTooLarge: 'Move a little further away',
  FaceTooSmall: 'Move closer to the camera',
  face_missing: 'Place your face in the oval',
  face_multiple: 'Make sure only you are in the frame',
  face_too_small: 'Move closer to the camera',
  face_too_close: 'Move a little further away',
  face_partial: 'Show your whole face',
  face_off_center: 'Center your face in the oval',
  face_angle_too_large: 'Look straight at the camera',
  face_is_occluded: 'Uncover your face',
  eyes_closed: 'Keep your eyes open',
  image_metadata_low_light: 'Find a brighter place',
  blurry: 'Hold still: the picture is blurred',
  overexposed: 'Too much light: turn away from the light',
  image_black_and_white: 'Use a colour camera',
  no_movement_from_subject: 'The picture seems frozen: check your camera',
  starting: 'Starting the camera…',
  cameraInstructions: 'Allow camera access when your browser asks',
  ready: 'Look at the camera',
  holdStill: 'Hold still…',
  finished: 'Done',
  failed: 'That did not work. Please try again.',
  failedCamera: 'The camera could not be used. Allow access to it and try again.',
  failedNoMatch: 'We could not recognise you.',
  failedLockedOut: 'Too many attempts. Try again later.',
  failedTimeout: 'That took too long. Please try again.',
  failedLiveness: 'We could not confirm a live person in front of the camera. Please try again, facing the camera yourself.',
  failedConnection: 'The connection was lost. Please try again.',
  retry: 'Try again',
  camera: 'Camera',
  progress: 'Progress',
  moveTurnLeft: 'Turn your head to your left',
  moveTurnRight: 'Turn your head to your right',
  moveLookUp: 'Raise your head',
  moveLookDown: 'Lower your head',
  cancel: 'Cancel',
  cancelled: 'Cancelled. The camera is off.',
  dialogTitle: 'Face check',
};

const fr = {
  FaceAbsent: 'Placez votre visage dans l’ovale',
  FaceMultiple: 'Assurez-vous d’être seul dans le cadre',
  FaceOffCenter: 'Centrez votre visage dans l’ovale',
  FacePartial: 'Montrez tout votre visage',
  FaceTooLarge: 'Reculez un peu',
  FaceTooSmall: 'Approchez-vous de la caméra',
  face_missing: 'Placez votre visage dans l’ovale',
  face_multiple: 'Assurez-vous d’être seul dans le cadre',
  face_too_small: 'Approchez-vous de la caméra',
  face_too_close: 'Reculez un peu',
  face_partial: 'Montrez tout votre visage',
  face_off_center: 'Centrez votre visage dans l’ovale',
  face_angle_too_large: 'Regardez droit vers la caméra',
  face_is_occluded: 'Découvrez votre visage',
  eyes_closed: 'Gardez les yeux ouverts',
  image_metadata_low_light: 'Trouvez un endroit plus lumineux',
  blurry: 'Ne bougez plus : l’image est floue',
  overexposed: 'Trop de lumière : détournez-vous de la source',
  image_black_and_white: 'Utilisez une caméra couleur',
  no_movement_from_subject: 'L’image semble figée : vérifiez votre caméra',
  starting: 'Démarrage de la caméra…',
  cameraInstructions: 'Autorisez l’accès à la caméra quand votre navigateur le demande',
  ready: 'Regardez la caméra',
  holdStill: 'Ne bougez plus…',
  finished: 'Terminé',
  failed: 'Cela n’a pas fonctionné. Veuillez réessayer.',
  failedCamera: 'La caméra n’a pas pu être utilisée. Autorisez-y l’accès et réessayez.',
  failedNoMatch: 'Nous n’avons pas pu vous reconnaître.',
  failedLockedOut: 'Trop de tentatives. Réessayez plus tard.',
  failedTimeout: 'Cela a pris trop de temps. Veuillez réessayer.',
  failedLiveness: 'Nous n’avons pas pu confirmer qu’une personne se trouve devant la caméra. Réessayez en faisant vous-même face à la caméra.',
  failedConnection: 'La connexion a été perdue. Veuillez réessayer.',
  retry: 'Réessayer',
  camera: 'Caméra',
  progress: 'Progression',
  moveTurnLeft: 'Tournez la tête vers votre gauche',
  moveTurnRight: 'Tournez la tête vers votre droite',
  moveLookUp: 'Levez la tête',
  moveLookDown: 'Baissez la tête',
  cancel: 'Annuler',
  cancelled: 'Annulé. La caméra est éteinte.',
  dialogTitle: 'Vérification du visage',
};

const de = {
  FaceAbsent: 'Bringen Sie Ihr Gesicht in das Oval',
  FaceMultiple: 'Achten Sie darauf, allein im Bild zu sein',
  FaceOffCenter: 'Zentrieren Sie Ihr Gesicht im Oval',
  FacePartial: 'Zeigen Sie Ihr ganzes Gesicht',
  FaceTooLarge: 'Gehen Sie etwas weiter weg',
  FaceTooSmall: 'Kommen Sie näher an die Kamera',
  face_missing: 'Bringen Sie Ihr Gesicht in das Oval',
  face_multiple: 'Achten Sie darauf, allein im Bild zu sein',
  face_too_small: 'Kommen Sie näher an die Kamera',
  face_too_close: 'Gehen Sie etwas weiter weg',
  face_partial: 'Zeigen Sie Ihr ganzes Gesicht',
  face_off_center: 'Zentrieren Sie Ihr Gesicht im Oval',
  face_angle_too_large: 'Schauen Sie direkt in die Kamera',
  face_is_occluded: 'Machen Sie Ihr Gesicht frei',
  eyes_closed: 'Lassen Sie die Augen offen',
  image_metadata_low_light: 'Suchen Sie einen helleren Ort',
  blurry: 'Halten Sie still: Das Bild ist unscharf',
  overexposed: 'Zu viel Licht: Wenden Sie sich vom Licht ab',
  image_black_and_white: 'Verwenden Sie eine Farbkamera',
  no_movement_from_subject: 'Das Bild scheint eingefroren: Prüfen Sie Ihre Kamera',
  starting: 'Kamera wird gestartet…',
  cameraInstructions: 'Erlauben Sie den Kamerazugriff, wenn Ihr Browser fragt',
  ready: 'Schauen Sie in die Kamera',
  holdStill: 'Bitte stillhalten…',
  finished: 'Fertig',
  failed: 'Das hat nicht geklappt. Bitte versuchen Sie es erneut.',
  failedCamera: 'Die Kamera konnte nicht verwendet werden. Erlauben Sie den Zugriff und versuchen Sie es erneut.',
  failedNoMatch: 'Wir konnten Sie nicht erkennen.',
  failedLockedOut: 'Zu viele Versuche. Versuchen Sie es später erneut.',
  failedTimeout: 'Das hat zu lange gedauert. Bitte versuchen Sie es erneut.',
  failedLiveness: 'Wir konnten nicht bestätigen, dass eine Person vor der Kamera ist. Bitte versuchen Sie es erneut und schauen Sie selbst in die Kamera.',
  failedConnection: 'Die Verbindung wurde unterbrochen. Bitte versuchen Sie es erneut.',
  retry: 'Erneut versuchen',
  camera: 'Kamera',
  progress: 'Fortschritt',
  moveTurnLeft: 'Drehen Sie den Kopf nach links',
  moveTurnRight: 'Drehen Sie den Kopf nach rechts',
  moveLookUp: 'Heben Sie den Kopf',
  moveLookDown: 'Senken Sie den Kopf',
  cancel: 'Abbrechen',
  cancelled: 'Abgebrochen. Die Kamera ist aus.',
  dialogTitle: 'Gesichtsprüfung',
};

const es = {
  FaceAbsent: 'Coloque su cara dentro del óvalo',
  FaceMultiple: 'Asegúrese de estar solo en la imagen',
  FaceOffCenter: 'Centre su cara en el óvalo',
  FacePartial: 'Muestre toda su cara',
  FaceTooLarge: 'Aléjese un poco',
  FaceTooSmall: 'Acérquese a la cámara',
  face_missing: 'Coloque su cara dentro del óvalo',
  face_multiple: 'Asegúrese de estar solo en la imagen',
  face_too_small: 'Acérquese a la cámara',
  face_too_close: 'Aléjese un poco',
  face_partial: 'Muestre toda su cara',
  face_off_center: 'Centre su cara en el óvalo',
  face_angle_too_large: 'Mire directamente a la cámara',
  face_is_occluded: 'Descubra su cara',
  eyes_closed: 'Mantenga los ojos abiertos',
  image_metadata_low_light: 'Busque un lugar más iluminado',
  blurry: 'No se mueva: la imagen está borrosa',
  overexposed: 'Demasiada luz: apártese de la fuente de luz',
  image_black_and_white: 'Use una cámara en color',
  no_movement_from_subject: 'La imagen parece congelada: revise su cámara',
  starting: 'Iniciando la cámara…',
  cameraInstructions: 'Permita el acceso a la cámara cuando el navegador lo pida',
  ready: 'Mire a la cámara',
  holdStill: 'No se mueva…',
  finished: 'Listo',
  failed: 'No ha funcionado. Inténtelo de nuevo.',
  failedCamera: 'No se pudo usar la cámara. Permita el acceso e inténtelo de nuevo.',
  failedNoMatch: 'No hemos podido reconocerle.',
  failedLockedOut: 'Demasiados intentos. Inténtelo más tarde.',
  failedTimeout: 'Ha tardado demasiado. Inténtelo de nuevo.',
  failedLiveness: 'No hemos podido confirmar que haya una persona ante la cámara. Inténtelo de nuevo mirando usted mismo a la cámara.',
  failedConnection: 'Se perdió la conexión. Inténtelo de nuevo.',
  retry: 'Reintentar',
  camera: 'Cámara',
  progress: 'Progreso',
  moveTurnLeft: 'Gire la cabeza hacia su izquierda',
  moveTurnRight: 'Gire la cabeza hacia su derecha',
  moveLookUp: 'Levante la cabeza',
  moveLookDown: 'Baje la cabeza',
  cancel: 'Cancelar',
  cancelled: 'Cancelado. La cámara está apagada.',
  dialogTitle: 'Verificación facial',
};

const it = {
  FaceAbsent: 'Posiziona il viso nell’ovale',
  FaceMultiple: 'Assicurati di essere solo nell’inquadratura',
  FaceOffCenter: 'Centra il viso nell’ovale',
  FacePartial: 'Mostra tutto il viso',
  FaceTooLarge: 'Allontanati un po’',
  FaceTooSmall: 'Avvicinati alla fotocamera',
  face_missing: 'Posiziona il viso nell’ovale',
  face_multiple: 'Assicurati di essere solo nell’inquadratura',
  face_too_small: 'Avvicinati alla fotocamera',
  face_too_close: 'Allontanati un po’',
  face_partial: 'Mostra tutto il viso',
  face_off_center: 'Centra il viso nell’ovale',
  face_angle_too_large: 'Guarda dritto verso la fotocamera',
  face_is_occluded: 'Scopri il viso',
  eyes_closed: 'Tieni gli occhi aperti',
  image_metadata_low_light: 'Cerca un luogo più luminoso',
  blurry: 'Resta fermo: l’immagine è sfocata',
  overexposed: 'Troppa luce: allontanati dalla fonte di luce',
  image_black_and_white: 'Usa una fotocamera a colori',
  no_movement_from_subject: 'L’immagine sembra bloccata: controlla la fotocamera',
  starting: 'Avvio della fotocamera…',
  cameraInstructions: 'Consenti l’accesso alla fotocamera quando il browser lo chiede',
  ready: 'Guarda la fotocamera',
  holdStill: 'Resta fermo…',
  finished: 'Fatto',
  failed: 'Non ha funzionato. Riprova.',
  failedCamera: 'Impossibile usare la fotocamera. Consenti l’accesso e riprova.',
  failedNoMatch: 'Non siamo riusciti a riconoscerti.',
  failedLockedOut: 'Troppi tentativi. Riprova più tardi.',
  failedTimeout: 'Ci è voluto troppo tempo. Riprova.',
  failedLiveness: 'Non siamo riusciti a confermare che davanti alla fotocamera ci sia una persona. Riprova guardando tu stesso la fotocamera.',
  failedConnection: 'La connessione si è interrotta. Riprova.',
  retry: 'Riprova',
  camera: 'Fotocamera',
  progress: 'Avanzamento',
  moveTurnLeft: 'Gira la testa verso la tua sinistra',
  moveTurnRight: 'Gira la testa verso la tua destra',
  moveLookUp: 'Alza la testa',
  moveLookDown: 'Abbassa la testa',
  cancel: 'Annulla',
  cancelled: 'Annullato. La fotocamera è spenta.',
  dialogTitle: 'Verifica del volto',
};

const pt = {
  FaceAbsent: 'Coloque o rosto dentro do oval',
  FaceMultiple: 'Certifique-se de que está sozinho na imagem',
  FaceOffCenter: 'Centre o rosto no oval',
  FacePartial: 'Mostre o rosto inteiro',
  FaceTooLarge: 'Afaste-se um pouco',
  FaceTooSmall: 'Aproxime-se da câmara',
  face_missing: 'Coloque o rosto dentro do oval',
  face_multiple: 'Certifique-se de que está sozinho na imagem',
  face_too_small: 'Aproxime-se da câmara',
  face_too_close: 'Afaste-se um pouco',
  face_partial: 'Mostre o rosto inteiro',
  face_off_center: 'Centre o rosto no oval',
  face_angle_too_large: 'Olhe diretamente para a câmara',
  face_is_occluded: 'Descubra o rosto',
  eyes_closed: 'Mantenha os olhos abertos',
  image_metadata_low_light: 'Procure um local mais iluminado',
  blurry: 'Fique quieto: a imagem está desfocada',
  overexposed: 'Demasiada luz: afaste-se da fonte de luz',
  image_black_and_white: 'Use uma câmara a cores',
  no_movement_from_subject: 'A imagem parece parada: verifique a câmara',
  starting: 'A iniciar a câmara…',
  cameraInstructions: 'Permita o acesso à câmara quando o navegador pedir',
  ready: 'Olhe para a câmara',
  holdStill: 'Fique quieto…',
  finished: 'Concluído',
  failed: 'Não funcionou. Tente novamente.',
  failedCamera: 'Não foi possível usar a câmara. Permita o acesso e tente novamente.',
  failedNoMatch: 'Não foi possível reconhecê-lo.',
  failedLockedOut: 'Demasiadas tentativas. Tente mais tarde.',
  failedTimeout: 'Demorou demasiado. Tente novamente.',
  failedLiveness: 'Não foi possível confirmar que está uma pessoa em frente à câmara. Tente novamente, olhando você mesmo para a câmara.',
  failedConnection: 'A ligação perdeu-se. Tente novamente.',
  retry: 'Tentar novamente',
  camera: 'Câmara',
  progress: 'Progresso',
  moveTurnLeft: 'Vire a cabeça para a sua esquerda',
  moveTurnRight: 'Vire a cabeça para a sua direita',
  moveLookUp: 'Levante a cabeça',
  moveLookDown: 'Baixe a cabeça',
  cancel: 'Cancelar',
  cancelled: 'Cancelado. A câmara está desligada.',
  dialogTitle: 'Verificação facial',
};

// Arabic, written right to left: the components mirror their layout for it (controls, text), not
// the camera preview or the direction cues, which follow the user's own left and right.
const ar = {
  FaceAbsent: 'ضع وجهك داخل الشكل البيضاوي',
  FaceMultiple: 'تأكد من أنك وحدك في الصورة',
  FaceOffCenter: 'ضع وجهك في وسط الشكل البيضاوي',
  FacePartial: 'أظهر وجهك بالكامل',
  FaceTooLarge: 'ابتعد قليلاً',
  FaceTooSmall: 'اقترب من الكاميرا',
  face_missing: 'ضع وجهك داخل الشكل البيضاوي',
  face_multiple: 'تأكد من أنك وحدك في الصورة',
  face_too_small: 'اقترب من الكاميرا',
  face_too_close: 'ابتعد قليلاً',
  face_partial: 'أظهر وجهك بالكامل',
  face_off_center: 'ضع وجهك في وسط الشكل البيضاوي',
  face_angle_too_large: 'انظر مباشرة إلى الكاميرا',
  face_is_occluded: 'اكشف وجهك',
  eyes_closed: 'أبقِ عينيك مفتوحتين',
  image_metadata_low_light: 'انتقل إلى مكان أكثر إضاءة',
  blurry: 'اثبت في مكانك: الصورة غير واضحة',
  overexposed: 'الضوء شديد: ابتعد عن مصدر الضوء',
  image_black_and_white: 'استخدم كاميرا ملونة',
  no_movement_from_subject: 'يبدو أن الصورة متجمدة: تحقق من الكاميرا',
  starting: 'جارٍ تشغيل الكاميرا…',
  cameraInstructions: 'اسمح بالوصول إلى الكاميرا عندما يطلب المتصفح ذلك',
  ready: 'انظر إلى الكاميرا',
  holdStill: 'اثبت في مكانك…',
  finished: 'تم',
  failed: 'لم ينجح ذلك. حاول مرة أخرى.',
  failedCamera: 'تعذّر استخدام الكاميرا. اسمح بالوصول إليها وحاول مرة أخرى.',
  failedNoMatch: 'لم نتمكن من التعرف عليك.',
  failedLockedOut: 'محاولات كثيرة جداً. حاول لاحقاً.',
  failedTimeout: 'استغرق ذلك وقتاً طويلاً. حاول مرة أخرى.',
  failedLiveness: 'لم نتمكن من التأكد من وجود شخص حقيقي أمام الكاميرا. حاول مرة أخرى وأنت تواجه الكاميرا بنفسك.',
  failedConnection: 'انقطع الاتصال. حاول مرة أخرى.',
  retry: 'حاول مرة أخرى',
  camera: 'الكاميرا',
  progress: 'التقدم',
  moveTurnLeft: 'أدر رأسك إلى يسارك',
  moveTurnRight: 'أدر رأسك إلى يمينك',
  moveLookUp: 'ارفع رأسك',
  moveLookDown: 'اخفض رأسك',
  cancel: 'إلغاء',
  cancelled: 'تم الإلغاء. الكاميرا مطفأة.',
  dialogTitle: 'التحقق من الوجه',
};

const strings = new Map(Object.entries({ en, fr, de, es, it, pt, ar }).map(([lang, table]) => [lang, { ...table }]));

/** Languages written right to left (by base subtag): the components mirror their layout for them. */
const RIGHT_TO_LEFT = new Set(['ar', 'he', 'fa', 'ur']);

const baseOf = (lang) => String(lang ?? 'en').toLowerCase().split('-')[0];

/**
 * Overrides or adds strings for a language: `registerLikenessStrings('fr', { retry: 'Encore' })`
 * changes one, `registerLikenessStrings('nl', {...})` adds Dutch (missing keys fall back to English).
 * Applies to components rendered after the call; returns the keys it did not know (typos).
 */
export function registerLikenessStrings(lang, table) {
  const base = baseOf(lang);
  const unknown = Object.keys(table ?? {}).filter((key) => !(key in en));
  strings.set(base, { ...(strings.get(base) ?? {}), ...table });
  return unknown;
}

/** The string for a key in a language, falling back to English. */
export function text(lang, key) {
  return strings.get(baseOf(lang))?.[key] ?? en[key];
}

/** The guidance for the first triggered filter that has one, or undefined. */
export function guidanceFor(lang, triggered) {
  const key = triggered.find((name) => name in en);
  return key ? text(lang, key) : undefined;
}

/** 'rtl' or 'ltr' for a language. */
export function directionOf(lang) {
  return RIGHT_TO_LEFT.has(baseOf(lang)) ? 'rtl' : 'ltr';
}

/** Every key a language table may have (the English one's), for tests and for integrators' tooling. */
export const STRING_KEYS = Object.freeze(Object.keys(en));

/** The languages shipped complete. */
export const LANGUAGES = Object.freeze(['en', 'fr', 'de', 'es', 'it', 'pt', 'ar']);
