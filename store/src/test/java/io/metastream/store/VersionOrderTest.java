package io.metastream.store;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;

class VersionOrderTest {
    @Property
    void numbersCompareByValueWhateverThePadding(@ForAll @IntRange(min = 0, max = 100_000) int a,
            @ForAll @IntRange(min = 0, max = 100_000) int b) {
        int c = VersionOrder.INSTANCE.compare(String.format("v%04d", a), "v" + b);
        assertThat(Integer.signum(c)).isEqualTo(a == b ? Integer.signum(String.format("v%04d", a).compareTo("v" + b))
                : Integer.signum(Integer.compare(a, b)));
    }

    @Property
    void isAntisymmetricAndConsistentWithEquals(@ForAll @AlphaChars @NumericChars @StringLength(max = 8) String a,
            @ForAll @AlphaChars @NumericChars @StringLength(max = 8) String b) {
        int ab = VersionOrder.INSTANCE.compare(a, b);
        int ba = VersionOrder.INSTANCE.compare(b, a);
        assertThat(Integer.signum(ab)).isEqualTo(-Integer.signum(ba));
        assertThat(ab == 0).isEqualTo(a.equals(b));
    }
}
