package io.orderstream.job.model;

/** What the customer API tells about a customer: the enrichment added to every order. */
public class Customer {
    public String customerId;
    public String segment;
    public String country;
    public String signupDate;

    public Customer() {}

    public Customer(String customerId, String segment, String country, String signupDate) {
        this.customerId = customerId;
        this.segment = segment;
        this.country = country;
        this.signupDate = signupDate;
    }
}
