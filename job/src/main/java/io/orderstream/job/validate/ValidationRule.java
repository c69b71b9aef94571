package io.orderstream.job.validate;

/**
 * The rules of the order contract. The wire name is written to the DLQ record's {@code error_rule}
 * so a spike of validation errors can be traced to the one rule producers started to break.
 */
public enum ValidationRule {
    ORDER_ID_REQUIRED("order_id_required", "order_id is required and must not be empty"),
    ORDER_ID_TOO_LONG("order_id_too_long", "order_id must be at most 64 characters"),
    CUSTOMER_ID_REQUIRED("customer_id_required", "customer_id (or cust_id) is required and must not be empty"),
    CUSTOMER_ID_CONFLICT("customer_id_conflict", "customer_id and cust_id are both present and differ"),
    EVENT_TIME_REQUIRED("event_time_required", "event_time is required"),
    EVENT_TIME_FORMAT("event_time_format", "event_time must be an ISO-8601 instant with offset or epoch milliseconds, not before 1970"),
    EVENT_TIME_IN_FUTURE("event_time_in_future", "event_time is more than 5 minutes ahead of processing time"),
    CURRENCY_REQUIRED("currency_required", "currency is required"),
    CURRENCY_UNKNOWN("currency_unknown", "currency must be an ISO-4217 code"),
    TOTAL_REQUIRED("total_required", "total is required"),
    TOTAL_OUT_OF_RANGE("total_out_of_range", "total must be between 0 and 999999.99"),
    TOTAL_PRECISION("total_precision", "total must have at most 2 decimals"),
    ITEMS_REQUIRED("items_required", "items is required"),
    ITEMS_COUNT("items_count", "items must have between 1 and 500 entries"),
    ITEM_SKU_REQUIRED("item_sku_required", "every item needs a non-empty sku"),
    ITEM_QUANTITY("item_quantity", "every item quantity must be an integer greater than 0"),
    ITEM_UNIT_PRICE("item_unit_price", "every item unit_price must be a number >= 0"),
    ITEMS_TOTAL_MISMATCH("items_total_mismatch", "the sum of quantity x unit_price must equal total within 0.01");

    private final String wireName;
    private final String meaning;

    ValidationRule(String wireName, String meaning) {
        this.wireName = wireName;
        this.meaning = meaning;
    }

    public String wireName() {
        return wireName;
    }

    public String meaning() {
        return meaning;
    }
}
