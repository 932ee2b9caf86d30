package dev.aibilling.domain.billing;

/** Port: reads the object a notice names from the provider and says what it means to billing. */
public interface NoticeReader {
    /** Whether billing acts on notices of this type at all; other types are acknowledged and ignored. */
    boolean reads(String type);

    /** The signal, from the object as the provider has it now (at most one provider request). */
    BillingSignal read(Notice notice);
}
