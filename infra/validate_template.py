"""Translates template.yaml with the AWS SAM translator, as `sam deploy` would, and fails
on any error. cfn-lint alone lets some SAM mistakes through (an authorizer the API does
not enable, NONE without a default authorizer); the translator does not. Prints the HTTP
API's routes with their authorization, one per line.

Usage: validate_template.py template.yaml
"""
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
            # what `sam package` does: the local jar becomes an S3 object
            resource["Properties"]["CodeUri"] = "s3://bucket/code.jar"
    parameters = {"JwtIssuer": "https://issuer.example.com", "JwtAudience": "client-id",
                  "BillingPortalReturnUrl": "https://app.example.com/account"}
    try:
        output = transform(template, parameters, ManagedPolicies())
    except InvalidDocumentException as e:
        for cause in e.causes:
            print(cause.message, file=sys.stderr)
        return 1
    for resource in output["Resources"].values():
        if resource["Type"] == "AWS::ApiGatewayV2::Api":
            for path, operations in resource["Properties"]["Body"]["paths"].items():
                for method, operation in operations.items():
                    security = operation.get("security") or [{"NONE": []}]
                    print(method.replace("x-amazon-apigateway-any-method", "ANY").upper(), path,
                          ",".join(name for entry in security for name in entry))
    return 0


if __name__ == "__main__":
    sys.exit(main())
