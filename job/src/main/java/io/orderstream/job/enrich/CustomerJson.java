package io.orderstream.job.enrich;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.orderstream.job.model.Customer;
import io.orderstream.job.model.ErrorType;
import java.io.IOException;

/** Reads the customer API's answer; anything that is not a customer object is an unusable body. */
final class CustomerJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private CustomerJson() {}

    static Customer parse(String requestedId, ApiAnswer.Response answer) {
        if (answer.tooLarge()) {
            throw unusable("larger than " + CustomerApiClient.MAX_ANSWER_BYTES + " bytes");
        }
        Customer customer = new Customer();
        try (JsonParser p = FACTORY.createParser(answer.body())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw unusable("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                String text = value == JsonToken.VALUE_STRING ? p.getText() : null;
                switch (field) {
                    case "customer_id" -> customer.customerId = text;
                    case "segment" -> customer.segment = text;
                    case "country" -> customer.country = text;
                    case "signup_date" -> customer.signupDate = text;
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw unusable("invalid JSON: " + e.getMessage());
        }
        if (!requestedId.equals(customer.customerId)) {
            throw unusable("customer_id '" + customer.customerId + "' does not match the requested '" + requestedId + "'");
        }
        return customer;
    }

    private static EnrichmentException unusable(String why) {
        return new EnrichmentException(ErrorType.EXTERNAL_API_ERROR, "unusable customer API body: " + why);
    }
}
