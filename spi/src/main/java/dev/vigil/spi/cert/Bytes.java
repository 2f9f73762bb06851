package dev.vigil.spi.cert;

import java.util.Arrays;
import java.util.List;

/** Comparisons of the byte-array lists the records of this package hold. */
final class Bytes {
    private Bytes() {
    }

    static boolean sameList(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }
}
