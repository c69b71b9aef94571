package io.orderstream.job.model;

import java.math.BigDecimal;

/** One line of an order. Quantity stays a decimal until validation proves it a positive integer. */
public class OrderItem {
    public String sku;
    public BigDecimal quantity;
    public BigDecimal unitPrice;

    public OrderItem() {}

    public OrderItem(String sku, BigDecimal quantity, BigDecimal unitPrice) {
        this.sku = sku;
        this.quantity = quantity;
        this.unitPrice = unitPrice;
    }
}
