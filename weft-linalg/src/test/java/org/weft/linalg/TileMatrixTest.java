package org.weft.linalg;

import org.junit.jupiter.api.Test;
import org.weft.data.Matrix;
import org.weft.data.Views;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TileMatrixTest {
    @Test
    void columnMajorRoundTripWithEdgeTiles() {
        int m = 11, n = 7;
        double[] a = Dense.random(m, n, 1);
        for (boolean offHeap : new boolean[] {true, false})
            try (TileMatrix t = offHeap ? TileMatrix.fromColumnMajor(a, m, n, 4) : TileMatrix.allocateOnHeap(m, n, 4)) {
                if (!offHeap) t.copyFrom(a, m);
                assertEquals(3, t.rowTiles());
                assertEquals(2, t.colTiles());
                assertEquals(3, t.tileRows(2));
                assertEquals(3, t.tileCols(1));
                for (int j = 0; j < n; j++)
                    for (int i = 0; i < m; i++) {
                        assertEquals(a[i + j * m], t.get(i, j));
                        Matrix tile = t.tile(i / 4, j / 4);
                        assertEquals(a[i + j * m], tile.get(i % 4, j % 4));
                        assertEquals(tile.rows(), tile.ld(), "tiles are contiguous");
                    }
                assertArrayEquals(a, t.toColumnMajor());
                double[] wide = new double[13 * n];
                t.copyTo(wide, 13);
                for (int j = 0; j < n; j++) for (int i = 0; i < m; i++) assertEquals(a[i + j * m], wide[i + j * 13]);
            }
    }

    @Test
    void tilesAliasExactly() {
        try (TileMatrix t = TileMatrix.allocate(8, 8, 4)) {
            Matrix t00 = t.tile(0, 0), t10 = t.tile(1, 0), t01 = t.tile(0, 1);
            assertFalse(Views.aliases(t00, t10));
            assertFalse(Views.aliases(t00, t01));
            assertFalse(Views.aliases(t10, t01));
            assertTrue(Views.aliases(t00, t00.lower(true)));
            assertFalse(Views.aliases(t00.lower(false), t00.upper(true)));
            assertTrue(Views.aliases(t00.lower(true), t00.upper(true)));
        }
        try (TileMatrix a = TileMatrix.allocate(8, 8, 4); TileMatrix b = TileMatrix.allocate(8, 8, 4)) {
            assertFalse(Views.aliases(a.tile(1, 1), b.tile(0, 0)), "tiles of two matrices never alias");
        }
    }

    @Test
    void rectangularTilesAndCopies() {
        try (TileMatrix t = TileMatrix.allocate(10, 9, 3, 4)) {
            assertEquals(4, t.rowTiles());
            assertEquals(3, t.colTiles());
            assertEquals(1, t.tileRows(3));
            assertEquals(1, t.tileCols(2));
            t.set(9, 8, 5);
            t.set(0, 0, 1);
            try (TileMatrix c = t.copy()) {
                assertEquals(5, c.get(9, 8));
                c.set(0, 0, 2);
                assertEquals(1, t.get(0, 0), "copies are independent");
            }
        }
    }

    @Test
    void badArgumentsAreNamed() {
        assertThrows(IllegalArgumentException.class, () -> TileMatrix.allocate(0, 3, 2));
        assertThrows(IllegalArgumentException.class, () -> TileMatrix.allocate(3, 3, 0));
        try (TileMatrix t = TileMatrix.allocate(4, 4, 2)) {
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> t.tile(2, 0));
            assertEquals("tile row 2 is outside 0..1", e.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> t.get(4, 0));
            IllegalArgumentException small = assertThrows(IllegalArgumentException.class, () -> t.copyFrom(new double[15], 4));
            assertTrue(small.getMessage().contains("needs 16 elements"), small.getMessage());
        }
    }
}
