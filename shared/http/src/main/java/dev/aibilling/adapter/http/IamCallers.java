package dev.aibilling.adapter.http;

import dev.aibilling.domain.error.BillingException;
import dev.aibilling.domain.error.ErrorCode;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The IAM principals allowed on a route, beyond holding execute-api:Invoke: role ARNs
 * (arn:aws:iam::<account>:role/[path/]<name>), which match every session of the role
 * (arn:aws:sts::<account>:assumed-role/<name>/<session>), or exact user ARNs. An empty
 * list allows no one.
 */
public final class IamCallers {
    private static final Pattern ROLE = Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):role/(?:.*/)?([^/]+)");
    private static final Pattern SESSION = Pattern.compile("arn:aws[a-z-]*:sts::(\\d{12}):assumed-role/([^/]+)/.+");

    private final List<String> allowed;

    public IamCallers(List<String> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    /** A comma-separated list, as the template passes a CommaDelimitedList parameter. */
    public static IamCallers parse(String commaSeparated) {
        return new IamCallers(Arrays.stream(commaSeparated == null ? new String[0] : commaSeparated.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList());
    }

    /** The caller, if allowed; 403 otherwise. */
    public String require(String callerArn) {
        if (!allows(callerArn)) {
            throw new BillingException(ErrorCode.FORBIDDEN, "Caller " + callerArn + " is not among this route's allowed callers "
                    + "(the ConsumeCallerArns parameter of the stack)");
        }
        return callerArn;
    }

    public boolean allows(String callerArn) {
        Matcher session = SESSION.matcher(callerArn);
        for (String entry : allowed) {
            if (entry.equals(callerArn)) {
                return true;
            }
            Matcher role = ROLE.matcher(entry);
            if (session.matches() && role.matches() && role.group(1).equals(session.group(1))
                    && role.group(2).equals(session.group(2))) {
                return true;
            }
        }
        return false;
    }
}
