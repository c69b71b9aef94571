package io.orderstream.job.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.testutils.DeeplyEqualsChecker;

/**
 * The model classes have no {@code equals} (nothing in the job compares them), so the serializer
 * tests compare field by field, recursively, both in {@code deepEquals} and in the checker that
 * {@code SerializerTestBase} uses from its concurrent tests.
 */
final class FieldByFieldEquality {
    private FieldByFieldEquality() {}

    static DeeplyEqualsChecker checker(Class<?> type) {
        return new DeeplyEqualsChecker().withCustomCheck(
                (a, b) -> type.isInstance(a) && type.isInstance(b),
                (a, b, checker) -> equal(a, b));
    }

    static boolean equal(Object a, Object b) {
        try {
            assertThat(b).usingRecursiveComparison().isEqualTo(a);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    static void assertEqual(String message, Object should, Object is) {
        assertThat(is).as(message).usingRecursiveComparison().isEqualTo(should);
    }
}
