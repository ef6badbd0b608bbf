/** The client-side filters' geometry: which filters a frame's detected face boxes trigger. */

/** Where the face must be in the frame, as fractions of its width/height. */
export const LIMITS = Object.freeze({ minWidth: 0.2, maxWidth: 0.7, offCenterX: 0.2, offCenterY: 0.25, edgeMarginPx: 2 });

/**
 * The filter names for the detected boxes (`{x, y, width, height}` in pixels) in a frame of
 * width x height: FaceAbsent, FaceMultiple, FacePartial, FaceOffCenter, FaceTooSmall, FaceTooLarge.
 */
export function triggeredFilters(boxes, width, height) {
  if (boxes.length === 0) {
    return ['FaceAbsent'];
  }
  const triggered = [];
  if (boxes.length > 1) {
    triggered.push('FaceMultiple');
  }
  const box = boxes.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
  const m = LIMITS.edgeMarginPx;
  if (box.x < m || box.y < m || box.x + box.width > width - m || box.y + box.height > height - m) {
    triggered.push('FacePartial');
  }
  const dx = Math.abs(box.x + box.width / 2 - width / 2) / width;
  const dy = Math.abs(box.y + box.height / 2 - height / 2) / height;
  if (dx > LIMITS.offCenterX || dy > LIMITS.offCenterY) {
    triggered.push('FaceOffCenter');
  }
  if (box.width < width * LIMITS.minWidth) {
    triggered.push('FaceTooSmall');
  }
  if (box.width > width * LIMITS.maxWidth) {
    triggered.push('FaceTooLarge');
  }
  return triggered;
}
