package dev.likeness.subjects;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * MediaPipe's canonical face-mesh triangulation: 880 triangles over FaceMesh's 468 landmarks, one
 * per line of {@code face-mesh-triangles.txt} (taken from the pinned npm package
 * {@code @vladmandic/human}'s TRI468, see THIRD-PARTY.md).
 */
public final class FaceMeshTriangles {

    public static final int COUNT = 880;
    private static final List<int[]> TRIANGLES = load();

    private FaceMeshTriangles() {
    }

    /** Each triangle's three landmark indices. */
    public static List<int[]> all() {
        return TRIANGLES;
    }

    private static List<int[]> load() {
        List<int[]> triangles = new ArrayList<>();
        try (InputStream in = FaceMeshTriangles.class.getResourceAsStream("face-mesh-triangles.txt");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] corners = line.trim().split(" ");
                triangles.add(new int[] {Integer.parseInt(corners[0]), Integer.parseInt(corners[1]), Integer.parseInt(corners[2])});
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (triangles.size() != COUNT) {
            throw new IllegalStateException("face-mesh-triangles.txt holds " + triangles.size() + " triangles, not " + COUNT);
        }
        return List.copyOf(triangles);
    }
}
