/** The client-side filters' geometry: which filters a frame's detected faces trigger. */
import limits from '../../proto/src/main/resources/dev/likeness/proto/face-geometry-limits.json' with { type: 'json' };

/**
 * Where the face must be in the frame: the limits quality-service applies too, declared once in
 * the proto module, so the guidance shown here predicts the server's verdict.
 */
export const LIMITS = Object.freeze({ ...limits });

// BlazeFace's keypoints that must be in the frame: the eyes, the nose tip and the mouth (the ears may be hidden).
const FEATURE_KEYPOINTS = 4;

/**
 * The filter names for the detected faces (`{box: {x, y, width, height}, keypoints: [{x, y}...]}`
 * in pixels, keypoints optional) in a frame of width x height: FaceAbsent, FaceMultiple,
 * FacePartial, FaceOffCenter, FaceTooSmall, FaceTooLarge.
 */
export function triggeredFilters(faces, width, height) {
  if (faces.length === 0) {
    return ['FaceAbsent'];
  }
  const triggered = [];
  if (faces.length > 1) {
    triggered.push('FaceMultiple');
  }
  const face = faces.reduce((a, b) => (b.box.width * b.box.height > a.box.width * a.box.height ? b : a));
  const { box } = face;
  const m = LIMITS.edgeMarginPx;
  const boxInside = box.x >= m && box.y >= m && box.x + box.width <= width - m && box.y + box.height <= height - m;
  const featuresInside = (face.keypoints ?? []).slice(0, FEATURE_KEYPOINTS)
    .every((p) => p.x >= 0 && p.y >= 0 && p.x < width && p.y < height);
  if (!boxInside || !featuresInside) {
    triggered.push('FacePartial');
  }
  const dx = Math.abs(box.x + box.width / 2 - width / 2) / width;
  const dy = Math.abs(box.y + box.height / 2 - height / 2) / height;
  if (dx > LIMITS.maxOffCenterOfWidth || dy > LIMITS.maxOffCenterOfHeight) {
    triggered.push('FaceOffCenter');
  }
  const shorterSide = Math.min(width, height);
  if (box.width < LIMITS.minFaceWidthPx || box.width < shorterSide * LIMITS.minFaceWidthOfShorterSide) {
    triggered.push('FaceTooSmall');
  }
  if (box.width > shorterSide * LIMITS.maxFaceWidthOfShorterSide) {
    triggered.push('FaceTooLarge');
  }
  return triggered;
}
