"""CloudFormation resource provider for AWS::ApiGateway::Authorizer (test-only).

LocalStack's community edition ships no provider for this type. This one maps
the resource onto API Gateway's own CreateAuthorizer / UpdateAuthorizer /
DeleteAuthorizer calls, so the authorizer really exists in the emulated API
Gateway and ``get-authorizers`` can be checked against the template.

``Ref`` is the bare authorizer id, as on AWS: LocalStack derives the physical
resource id of this type from ``/properties/AuthorizerId`` (see
``PHYSICAL_RESOURCE_ID_SPECIAL_CASES`` in
localstack/services/cloudformation/engine/quirks.py).
"""

from __future__ import annotations

from pathlib import Path

import localstack.services.cloudformation.provider_utils as util
from localstack.services.cloudformation.resource_provider import (
    OperationStatus,
    ProgressEvent,
    ResourceProvider,
    ResourceRequest,
)

# CFN property -> API Gateway API parameter / patch path (scalars only)
_SCALARS = {
    "Name": "name",
    "Type": "type",
    "AuthType": "authType",
    "AuthorizerUri": "authorizerUri",
    "AuthorizerCredentials": "authorizerCredentials",
    "IdentitySource": "identitySource",
    "IdentityValidationExpression": "identityValidationExpression",
    "AuthorizerResultTtlInSeconds": "authorizerResultTtlInSeconds",
}


class ApiGatewayAuthorizerProvider(ResourceProvider[dict]):
    TYPE = "AWS::ApiGateway::Authorizer"
    SCHEMA = util.get_schema_path(Path(__file__))

    def create(self, request: ResourceRequest[dict]) -> ProgressEvent[dict]:
        model = request.desired_state
        apigw = request.aws_client_factory.apigateway
        params = {"restApiId": model["RestApiId"]}
        for prop, api_name in _SCALARS.items():
            if model.get(prop) is not None:
                params[api_name] = model[prop]
        if "authorizerResultTtlInSeconds" in params:
            params["authorizerResultTtlInSeconds"] = int(params["authorizerResultTtlInSeconds"])
        if model.get("ProviderARNs"):
            params["providerARNs"] = list(model["ProviderARNs"])
        result = apigw.create_authorizer(**params)
        model["AuthorizerId"] = result["id"]
        return ProgressEvent(
            status=OperationStatus.SUCCESS,
            resource_model=model,
            custom_context=request.custom_context,
        )

    def read(self, request: ResourceRequest[dict]) -> ProgressEvent[dict]:
        raise NotImplementedError

    def update(self, request: ResourceRequest[dict]) -> ProgressEvent[dict]:
        model = request.desired_state
        previous = request.previous_state or {}
        apigw = request.aws_client_factory.apigateway
        model["AuthorizerId"] = previous["AuthorizerId"]
        ops = []
        for prop, path in _SCALARS.items():
            if model.get(prop) != previous.get(prop):
                if model.get(prop) is None:
                    ops.append({"op": "remove", "path": f"/{path}"})
                else:
                    ops.append({"op": "replace", "path": f"/{path}", "value": str(model[prop])})
        old_arns = list(previous.get("ProviderARNs") or [])
        new_arns = list(model.get("ProviderARNs") or [])
        if old_arns != new_arns:
            for i, arn in enumerate(new_arns):
                op = "replace" if i < len(old_arns) else "add"
                ops.append({"op": op, "path": f"/providerARNs/{i if op == 'replace' else '-'}", "value": arn})
            for i in reversed(range(len(new_arns), len(old_arns))):
                ops.append({"op": "remove", "path": f"/providerARNs/{i}"})
        if ops:
            apigw.update_authorizer(
                restApiId=model["RestApiId"],
                authorizerId=model["AuthorizerId"],
                patchOperations=ops,
            )
        return ProgressEvent(
            status=OperationStatus.SUCCESS,
            resource_model=model,
            custom_context=request.custom_context,
        )

    def delete(self, request: ResourceRequest[dict]) -> ProgressEvent[dict]:
        model = request.desired_state
        apigw = request.aws_client_factory.apigateway
        try:
            apigw.delete_authorizer(
                restApiId=model["RestApiId"], authorizerId=model["AuthorizerId"]
            )
        except apigw.exceptions.NotFoundException:
            pass
        return ProgressEvent(
            status=OperationStatus.SUCCESS,
            resource_model=model,
            custom_context=request.custom_context,
        )
