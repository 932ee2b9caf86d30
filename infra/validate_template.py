"""Translates template.yaml with the AWS SAM translator, as `sam deploy` would, and fails
on any error. cfn-lint alone lets some SAM mistakes through (an authorizer the API does
not enable, NONE without a default authorizer); the translator does not. Prints, as JSON,
what the tests check on the translated template: the HTTP API's routes with their
authorization, and each IAM role's managed policies and statements.

Usage: validate_template.py template.yaml
"""
import json
import os
import sys

from cfnlint.decode import decode
from samtranslator.model.exceptions import InvalidDocumentException
from samtranslator.translator.transform import transform


class ManagedPolicies:
    """The AWS managed policies SAM attaches; the translator needs only their ARNs."""

    def load(self):
        base = "arn:aws:iam::aws:policy/service-role/"
        return {name: base + name for name in ("AWSLambdaBasicExecutionRole", "AWSLambdaSQSQueueExecutionRole")}


def main() -> int:
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    template, problems = decode(sys.argv[1])
    if problems:
        print("\n".join(str(p) for p in problems), file=sys.stderr)
        return 1
    for resource in template["Resources"].values():
        if resource["Type"] == "AWS::Serverless::Function":
            # what `sam package` does: the built code becomes an S3 object
            resource["Properties"]["CodeUri"] = "s3://bucket/code.jar"
    parameters = {"JwtIssuer": "https://issuer.example.com", "JwtAudience": "client-id",
                  "BillingPortalReturnUrl": "https://app.example.com/account",
                  "CheckoutSuccessUrl": "https://app.example.com/billing/success",
                  "CheckoutCancelUrl": "https://app.example.com/billing/cancel",
                  "NotificationSender": "billing@example.com", "SupportEmail": "support@example.com"}
    try:
        output = transform(template, parameters, ManagedPolicies())
    except InvalidDocumentException as e:
        for cause in e.causes:
            print(cause.message, file=sys.stderr)
        return 1
    routes = []
    roles = {}
    for logical_id, resource in output["Resources"].items():
        if resource["Type"] == "AWS::ApiGatewayV2::Api":
            for path, operations in resource["Properties"]["Body"]["paths"].items():
                for method, operation in operations.items():
                    security = operation.get("security") or [{"NONE": []}]
                    routes.append(" ".join([method.replace("x-amazon-apigateway-any-method", "ANY").upper(), path,
                                            ",".join(name for entry in security for name in entry)]))
        if resource["Type"] == "AWS::IAM::Role":
            properties = resource["Properties"]
            statements = [statement for policy in properties.get("Policies", [])
                          for statement in policy["PolicyDocument"]["Statement"]]
            roles[logical_id] = {"managed": properties.get("ManagedPolicyArns", []), "statements": statements}
    print(json.dumps({"routes": sorted(routes), "roles": roles}, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
