package io.orderstream.job.validate;

import io.orderstream.job.model.Order;
import io.orderstream.job.model.OrderItem;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Currency;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a parsed order against the order contract, with exact decimal arithmetic. Reports the first broken rule: rules are checked in the order a producer would fix them.
 */
public final class OrderValidator implements Serializable {
    static final int MAX_ORDER_ID_LENGTH = 64;
    static final int MAX_ITEMS = 500;
    static final BigDecimal MAX_TOTAL = new BigDecimal("999999.99");
    static final BigDecimal TOLERANCE = new BigDecimal("0.01");
    /** Bounds that keep the arithmetic of hostile numbers (1e999999) small; far above any real order. */
    private static final BigDecimal MAX_QUANTITY = new BigDecimal("1000000000");
    /**
     * Most decimals a money value may be written with. A number in plain digits within the parser's
     * 64-character limit never has more; only an exponent does (1e-999999999), and rescaling such a
     * value to add or compare it would build a billion-digit number.
     */
    private static final int MAX_SCALE = 64;
    private static final Set<String> ISO_CURRENCIES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode).collect(Collectors.toUnmodifiableSet());

    /**
     * @param nowMillis processing time, to reject event times from the future
     * @return the first broken rule, or empty when the order is valid
     */
    public Optional<Violation> validate(Order order, long nowMillis) {
        Violation v = checkIds(order);
        if (v == null) v = checkEventTime(order, nowMillis);
        if (v == null) v = checkCurrency(order);
        if (v == null) v = checkTotal(order);
        if (v == null) v = checkItems(order);
        return Optional.ofNullable(v);
    }

    private static Violation checkIds(Order o) {
        if (isBlank(o.orderId)) {
            return new Violation(ValidationRule.ORDER_ID_REQUIRED, "order_id is missing or empty");
        }
        if (o.orderId.length() > MAX_ORDER_ID_LENGTH) {
            return new Violation(ValidationRule.ORDER_ID_TOO_LONG, "order_id has " + o.orderId.length() + " characters");
        }
        if (o.customerId != null && o.legacyCustomerId != null && !o.customerId.equals(o.legacyCustomerId)) {
            return new Violation(ValidationRule.CUSTOMER_ID_CONFLICT,
                    "customer_id '" + o.customerId + "' differs from cust_id '" + o.legacyCustomerId + "'");
        }
        if (isBlank(o.effectiveCustomerId())) {
            return new Violation(ValidationRule.CUSTOMER_ID_REQUIRED, "customer_id and cust_id are missing or empty");
        }
        return null;
    }

    private static Violation checkEventTime(Order o, long nowMillis) {
        if (o.eventTimeText == null && o.eventTimeNumber == null) {
            return new Violation(ValidationRule.EVENT_TIME_REQUIRED, "event_time is missing");
        }
        long eventTime = o.eventTimeMillis; // resolved by the parser, as the source's timestamp was
        if (eventTime == EventTimes.INVALID) {
            String value = o.eventTimeText != null ? "'" + o.eventTimeText + "'" : o.eventTimeNumber.toString();
            return new Violation(ValidationRule.EVENT_TIME_FORMAT, "cannot read " + value);
        }
        if (EventTimes.tooFarAhead(eventTime, nowMillis)) {
            return new Violation(ValidationRule.EVENT_TIME_IN_FUTURE,
                    "event_time is " + Duration.ofMillis(eventTime - nowMillis).toSeconds() + "s ahead of processing time");
        }
        return null;
    }

    private static Violation checkCurrency(Order o) {
        if (isBlank(o.currency)) {
            return new Violation(ValidationRule.CURRENCY_REQUIRED, "currency is missing or empty");
        }
        if (!ISO_CURRENCIES.contains(o.currency)) {
            return new Violation(ValidationRule.CURRENCY_UNKNOWN, "'" + o.currency + "' is not an ISO-4217 code");
        }
        return null;
    }

    private static Violation checkTotal(Order o) {
        if (o.total == null) {
            return new Violation(ValidationRule.TOTAL_REQUIRED, "total is missing");
        }
        if (o.total.signum() < 0 || o.total.compareTo(MAX_TOTAL) > 0) {
            return new Violation(ValidationRule.TOTAL_OUT_OF_RANGE, "total " + o.total.toString() + " is out of range");
        }
        if (o.total.scale() > MAX_SCALE || (o.total.scale() > 2 && o.total.stripTrailingZeros().scale() > 2)) {
            return new Violation(ValidationRule.TOTAL_PRECISION, "total " + o.total + " has more than 2 decimals");
        }
        return null;
    }

    private static Violation checkItems(Order o) {
        if (o.items == null) {
            return new Violation(ValidationRule.ITEMS_REQUIRED, "items is missing");
        }
        if (o.items.length < 1 || o.items.length > MAX_ITEMS) {
            return new Violation(ValidationRule.ITEMS_COUNT, "items has " + o.items.length + " entries");
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < o.items.length; i++) {
            OrderItem item = o.items[i];
            if (isBlank(item.sku)) {
                return new Violation(ValidationRule.ITEM_SKU_REQUIRED, "items[" + i + "].sku is missing or empty");
            }
            if (item.quantity == null || item.quantity.signum() <= 0 || item.quantity.compareTo(MAX_QUANTITY) > 0
                    || (item.quantity.scale() > 0 && item.quantity.stripTrailingZeros().scale() > 0)) {
                return new Violation(ValidationRule.ITEM_QUANTITY, "items[" + i + "].quantity is " + item.quantity);
            }
            if (item.unitPrice == null || item.unitPrice.signum() < 0 || item.unitPrice.compareTo(MAX_TOTAL) > 0
                    || item.unitPrice.scale() > MAX_SCALE) {
                return new Violation(ValidationRule.ITEM_UNIT_PRICE, "items[" + i + "].unit_price is " + item.unitPrice);
            }
            sum = sum.add(item.quantity.multiply(item.unitPrice));
        }
        if (sum.compareTo(o.total) != 0 && sum.subtract(o.total).abs().compareTo(TOLERANCE) > 0) {
            return new Violation(ValidationRule.ITEMS_TOTAL_MISMATCH,
                    "items sum to " + sum.toPlainString() + " but total is " + o.total.toPlainString());
        }
        return null;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
