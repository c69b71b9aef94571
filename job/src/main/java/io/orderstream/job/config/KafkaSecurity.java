package io.orderstream.job.config;

/** How the job authenticates to Kafka. */
public enum KafkaSecurity {
    /** SASL_SSL with aws-msk-iam-auth: TLS in transit, IAM for authentication (Amazon MSK). */
    IAM,
    /** No TLS, no authentication: only for the local broker of tests and the local run. */
    PLAINTEXT
}
