package dev.likeness.quality.filters;

import dev.likeness.vision.FaceLandmarks;

/**
 * The head's rotation from FaceMesh's landmarks, in degrees: roll (tilt towards a shoulder,
 * positive clockwise in the image) from the line between the eye centres; yaw (turned left or
 * right) and pitch (nodding up or down) from the mesh's depth coordinate, along the line from one
 * cheekbone to the other and from forehead to chin, with the roll undone. Estimates good to a few
 * degrees (the mesh is sampled upright even for a tilted face, see FaceMeshLandmarker): enough to
 * tell a user to face the camera.
 */
public record HeadPose(double yaw, double pitch, double roll) {

    // FaceMesh indices: the face's outermost points at the cheekbones, forehead and chin.
    private static final int RIGHT_CHEEK = 234, LEFT_CHEEK = 454, FOREHEAD = 10, CHIN = 152;

    public static HeadPose of(FaceLandmarks mesh) {
        double roll = mesh.roll();
        double cos = Math.cos(-roll), sin = Math.sin(-roll);
        // Across the face, with the roll undone: depth changes along it when the head turns.
        double acrossX = cos * (mesh.x()[LEFT_CHEEK] - mesh.x()[RIGHT_CHEEK]) - sin * (mesh.y()[LEFT_CHEEK] - mesh.y()[RIGHT_CHEEK]);
        double acrossZ = mesh.z()[LEFT_CHEEK] - mesh.z()[RIGHT_CHEEK];
        // Down the face: depth changes along it when the head nods.
        double downY = sin * (mesh.x()[CHIN] - mesh.x()[FOREHEAD]) + cos * (mesh.y()[CHIN] - mesh.y()[FOREHEAD]);
        double downZ = mesh.z()[CHIN] - mesh.z()[FOREHEAD];
        return new HeadPose(Math.toDegrees(Math.atan2(acrossZ, acrossX)), Math.toDegrees(Math.atan2(downZ, downY)), Math.toDegrees(roll));
    }
}
