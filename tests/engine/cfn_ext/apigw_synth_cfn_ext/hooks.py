"""LocalStack startup hook: give AWS::ApiGateway::Stage an in-place update.

LocalStack's community Stage provider raises NotImplementedError in update(),
and the engine then keeps the previous state *silently* (it only logs a
warning). A template update that replaces the Deployment (new logical id) and
points the Stage's DeploymentId at it would therefore leave the stage on the
old deployment -- unlike AWS, where the stage moves to the new deployment.
This hook adds an update() that patches the stage through UpdateStage, for the
properties apigw-synth emits (DeploymentId, Description, Variables,
TracingEnabled, CacheClusterEnabled). Other changed properties are logged and
left as they were (LocalStack's own behaviour).
"""

import logging

from localstack.runtime import hooks

LOG = logging.getLogger(__name__)

_SCALARS = {
    "DeploymentId": "deploymentId",
    "Description": "description",
    "TracingEnabled": "tracingEnabled",
    "CacheClusterEnabled": "cacheClusterEnabled",
}
_HANDLED = set(_SCALARS) | {"Variables", "RestApiId", "StageName", "Tags"}


def _stage_update(self, request):
    from localstack.services.cloudformation.resource_provider import (
        OperationStatus,
        ProgressEvent,
    )

    model = request.desired_state
    previous = request.previous_state or {}
    apigw = request.aws_client_factory.apigateway
    model.setdefault("StageName", previous.get("StageName", "default"))
    ops = []
    for prop, path in _SCALARS.items():
        new, old = model.get(prop), previous.get(prop)
        if new == old:
            continue
        if new is None:
            if prop == "Description":
                ops.append({"op": "replace", "path": "/description", "value": ""})
            continue
        value = str(new).lower() if isinstance(new, bool) else str(new)
        ops.append({"op": "replace", "path": f"/{path}", "value": value})
    old_vars, new_vars = previous.get("Variables") or {}, model.get("Variables") or {}
    for key, value in new_vars.items():
        if old_vars.get(key) != value:
            ops.append({"op": "replace", "path": f"/variables/{key}", "value": str(value)})
    for key in old_vars.keys() - new_vars.keys():
        ops.append({"op": "remove", "path": f"/variables/{key}"})
    ignored = sorted(
        k for k in (set(model) | set(previous)) - _HANDLED if model.get(k) != previous.get(k)
    )
    if ignored:
        LOG.warning("apigw-synth Stage update: changes to %s are not applied", ignored)
    if ops:
        apigw.update_stage(
            restApiId=model["RestApiId"], stageName=model["StageName"], patchOperations=ops
        )
    return ProgressEvent(
        status=OperationStatus.SUCCESS,
        resource_model=model,
        custom_context=request.custom_context,
    )


@hooks.on_infra_start()
def patch_stage_update():
    from localstack.services.apigateway.resource_providers.aws_apigateway_stage import (
        ApiGatewayStageProvider,
    )

    ApiGatewayStageProvider.update = _stage_update
    LOG.info("apigw-synth test extension: AWS::ApiGateway::Stage update() installed")
