"""plux plugin classes: cheap to import (plux imports every entry point of the
namespace when it searches for a plugin); the provider is imported in load()."""

from localstack.services.cloudformation.resource_provider import (
    CloudFormationResourceProviderPlugin,
    ResourceProvider,
)


class ApiGatewayAuthorizerProviderPlugin(CloudFormationResourceProviderPlugin):
    name = "AWS::ApiGateway::Authorizer"

    def __init__(self):
        self.factory: type[ResourceProvider] | None = None

    def load(self):
        from apigw_synth_cfn_ext.aws_apigateway_authorizer import ApiGatewayAuthorizerProvider

        self.factory = ApiGatewayAuthorizerProvider
