#!/usr/bin/env python3
"""Deploy a CloudFormation template into the local engine and verify the result.

    .venv-engine/bin/python tests/engine/deploy_check.py TEMPLATE.json \
        [--stack-name NAME] [--param K=V ...] [--state-dir DIR | --start-engine] \
        [--update-template FILE | --no-update] [--keep-stack]

Needs a running engine (tests/engine/harness.py start) unless --start-engine is
given (then a private engine is started and stopped around the check).

Every expectation is derived from the template (see tests/engine/README.md). Steps
(deploy operations go through the real `aws` CLI, its driver run in process, read-back uses
boto3):
  1. parameter values: --param, else Default, else by role (user pool ARN -> dummy pool,
     Lambda ARN -> a placeholder function named after the parameter);
  2. create every Lambda function the template integrates with (by name, literal ARN or
     ARN parameter) with `aws lambda create-function`;
  3. `aws cloudformation create-stack` (S3 --template-url above 51,200 bytes), poll
     describe-stacks every 0.25 s;
  4. verify the API Gateway / Lambda state against the template, HTTP against the stage;
  5. `aws cloudformation update-stack` with --update-template (default: one method's
     integration target changed and the Deployment logical id renamed, as a content hash
     would be) -> expects a new deployment on every stage, verifies again; checks that a
     known engine limit makes impossible are printed as "NOT CHECKED  engine limit";
  6. the same update again -> expects "No updates are to be performed";
  7. `aws cloudformation delete-stack` (unless --keep-stack).
Exit status 0 only if every check passed.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

sys.dont_write_bytecode = True  # keep tests/engine free of __pycache__
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402

REGION = harness.REGION
ACCOUNT_ID = harness.ACCOUNT_ID
DUMMY_USER_POOL_ARN = f"arn:aws:cognito-idp:{REGION}:{ACCOUNT_ID}:userpool/{REGION}_abcdefghi"
LAMBDA_ROLE = f"arn:aws:iam::{ACCOUNT_ID}:role/lambda"
# CloudFormation's limit for an inline TemplateBody; larger templates go through S3 (TemplateURL)
INLINE_TEMPLATE_LIMIT = 51_200
TEMPLATE_BUCKET = "deploy-check-templates"
# arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]
FUNCTION_ARN = re.compile(
    r"^arn:[a-z-]+:lambda:([a-z0-9-]+):([0-9]{12}):function:([A-Za-z0-9_-]+)(?::([A-Za-z0-9_$-]+))?$")
# arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/<function arn>/invocations
FUNCTION_IN_URI = re.compile(r":lambda:path/[0-9-]+/functions/(.+)/invocations$")
VERIFIED_TYPES = {
    "AWS::IAM::Role",
    "AWS::ApiGateway::RestApi",
    "AWS::ApiGateway::Resource",
    "AWS::ApiGateway::Method",
    "AWS::ApiGateway::Authorizer",
    "AWS::ApiGateway::GatewayResponse",
    "AWS::ApiGateway::Deployment",
    "AWS::ApiGateway::Stage",
    "AWS::ApiGateway::Account",
    "AWS::Logs::LogGroup",
    "AWS::Lambda::Permission",
    "AWS::ApiGateway::DomainName",
    "AWS::ApiGateway::BasePathMapping",
    "AWS::Route53::RecordSet",
    "AWS::ApiGateway::ApiKey",
    "AWS::ApiGateway::UsagePlan",
    "AWS::ApiGateway::UsagePlanKey",
}
LIMIT_MOCK_UPDATE = ("LocalStack drops a MOCK integration's integration responses when it updates "
                     "the Method in place (AWS keeps them)")
LIMIT_PERMISSION_REPLACED = ("LocalStack loses the physical id of an AWS::Lambda::Permission it replaces "
                             "(its policy statement is still checked)")


NOT_CHECKED = [
    "Cognito authorizer enforcement: LocalStack community has no Cognito and does not evaluate "
    "COGNITO_USER_POOLS authorizers at request time (only their configuration is checked)",
    "Lambda execution: the functions are placeholders (no Docker here), so AWS_PROXY requests end "
    "in 502; only the route's presence in the deployed stage is checked",
    "Gateway responses at request time: LocalStack does not apply DEFAULT_4XX/DEFAULT_5XX headers "
    "to its own error responses; only their configuration is checked",
    "Lambda permissions at request time: LocalStack does not evaluate resource policies "
    "(statements are compared with the template instead)",
    "AWS_IAM authorization at request time: LocalStack community does not check SigV4 on "
    "execute-api requests (only the method's authorizationType is checked)",
    "IAM, account/region specifics and the real user pool: fixed test account 000000000000, "
    "us-east-1, dummy user pool ARN",
    "Stage MethodSettings (logging level, metrics, data trace, throttling, caching per method): "
    "LocalStack community's AWS::ApiGateway::Stage provider does not apply them (its create() "
    "leaves a TODO), so get-stage returns none; they are checked by cfn-lint, checkov and "
    "tests/stages.rs instead",
    "A stage's CanarySetting: LocalStack community's Stage provider drops it on create (it "
    "looks for `canarySettings` among the lower-cased properties; the property is "
    "`CanarySetting`); the canary's traffic split is not emulated either",
    "Throttling, caching and tracing in effect: LocalStack stores tracingEnabled and the cache "
    "cluster settings but neither throttles, caches nor sends traces to X-Ray",
    "A log group's RetentionInDays and KmsKeyId: LocalStack community's AWS::Logs::LogGroup "
    "provider creates the group by name only (the group's existence and the stage's destination "
    "are checked; the values by cfn-lint, checkov and tests/stages.rs)",
    "Access log delivery: LocalStack writes no access log events to the log group (the stage's "
    "accessLogSettings and the log group's existence are checked)",
    "The CloudWatch role's effect: whether API Gateway may write to CloudWatch Logs with it "
    "(the account's cloudwatchRoleArn is checked)",
    "Updates the engine gets wrong (AWS does not): " + LIMIT_MOCK_UPDATE + "; " + LIMIT_PERMISSION_REPLACED
    + ". Where an update does that, each affected check is listed above, marked 'engine limit'",
]


class Unresolvable(Exception):
    pass


class Function(NamedTuple):
    """A Lambda function the template integrates with (by name, or by a literal or parameter ARN)."""
    region: str
    account: str
    name: str
    qualifier: str | None

    def arn(self) -> str:
        q = f":{self.qualifier}" if self.qualifier else ""
        return f"arn:aws:lambda:{self.region}:{self.account}:function:{self.name}{q}"

    def __str__(self) -> str:
        if (self.region, self.account) == (REGION, ACCOUNT_ID):
            return self.name + (f":{self.qualifier}" if self.qualifier else "")
        return self.arn()


def function_of(ref) -> Function | None:
    """The function a Lambda::Permission FunctionName (a name or an ARN) designates."""
    if not isinstance(ref, str):
        return None
    if m := FUNCTION_ARN.match(ref):
        return Function(*m.groups())
    if re.fullmatch(r"[A-Za-z0-9_-]{1,64}", ref):
        return Function(REGION, ACCOUNT_ID, ref, None)
    return None


def function_in_uri(uri) -> Function | None:
    """The function an AWS_PROXY integration Uri invokes."""
    if not isinstance(uri, str) or not (m := FUNCTION_IN_URI.search(uri)):
        return None
    return function_of(m.group(1))


# --------------------------------------------------------------------------- reporting
class Report:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def section(self, title: str):
        print(f"\n== {title}", flush=True)

    def check(self, ok: bool, what: str, detail: str = "") -> bool:
        if ok:
            self.passed += 1
            print(f"  ok    {what}", flush=True)
        else:
            self.failed += 1
            print(f"  FAIL  {what}" + (f"\n        {detail}" if detail else ""), flush=True)
        return ok

    def equal(self, actual, expected, what: str) -> bool:
        return self.check(
            actual == expected,
            what,
            f"expected {json.dumps(expected, sort_keys=True, default=str)}\n"
            f"        actual   {json.dumps(actual, sort_keys=True, default=str)}",
        )

    def info(self, text: str):
        print(f"  ..    {text}", flush=True)


# --------------------------------------------------------------------------- template model
class Template:
    def __init__(self, body: dict, params: dict[str, str], stack_name: str):
        self.body = body
        self.resources: dict = body.get("Resources", {})
        self.params = params
        self.stack_name = stack_name
        self.physical: dict[str, str] = {}
        self.attrs: dict[tuple[str, str], str] = {}
        # logical id -> the engine limit that an update from the previous template runs into
        self.limits: dict[str, str] = {}

    def of_type(self, type_: str) -> dict[str, dict]:
        return {k: v for k, v in self.resources.items() if v.get("Type") == type_}

    def props(self, logical_id: str) -> dict:
        return self.resources[logical_id].get("Properties", {}) or {}

    def pseudo(self, name: str) -> str:
        return {
            "AWS::Partition": "aws",
            "AWS::Region": REGION,
            "AWS::AccountId": ACCOUNT_ID,
            "AWS::URLSuffix": "amazonaws.com",
            "AWS::StackName": self.stack_name,
        }[name]

    def ref(self, name: str) -> str:
        if name.startswith("AWS::"):
            try:
                return self.pseudo(name)
            except KeyError:
                raise Unresolvable(f"Ref {name}")
        if name in self.params:
            return self.params[name]
        if name in self.physical:
            return self.physical[name]
        raise Unresolvable(f"Ref {name}")

    def resolve(self, value):
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            (fn, arg), = value.items()
            if fn == "Ref":
                return self.ref(arg)
            if fn == "Fn::GetAtt":
                parts = arg.split(".", 1) if isinstance(arg, str) else arg
                key = (parts[0], parts[1])
                if key in self.attrs:
                    return self.attrs[key]
                raise Unresolvable(f"GetAtt {key}")
            if fn == "Fn::Join":
                sep, items = arg
                return sep.join(str(x) for x in self.resolve(items))
            if fn == "Fn::Select":
                idx, items = arg
                return self.resolve(items)[int(self.resolve(idx))]
            if fn == "Fn::Sub":
                text, extra = (arg, {}) if isinstance(arg, str) else (arg[0], arg[1])
                extra = {k: self.resolve(v) for k, v in extra.items()}

                def repl(m):
                    name = m.group(1)
                    if name.startswith("!"):
                        return "${" + name[1:] + "}"
                    if name in extra:
                        return str(extra[name])
                    if "." in name:
                        return str(self.resolve({"Fn::GetAtt": name}))
                    return str(self.ref(name))

                return re.sub(r"\$\{([^}]+)\}", repl, text)
            if fn.startswith("Fn::") or fn == "Condition":
                raise Unresolvable(fn)
        return {k: self.resolve(v) for k, v in value.items()}

    def try_resolve(self, value):
        try:
            return self.resolve(value)
        except Unresolvable:
            return None

    def logical_ref(self, value) -> str | None:
        """Logical id behind a plain {"Ref": X} / {"Fn::GetAtt": [X, ..]}."""
        if isinstance(value, dict) and "Ref" in value:
            return value["Ref"]
        if isinstance(value, dict) and "Fn::GetAtt" in value:
            arg = value["Fn::GetAtt"]
            return (arg.split(".")[0] if isinstance(arg, str) else arg[0])
        return None

    def logical_ref_in_sub(self, value) -> str | None:
        """The last resource an {"Fn::Sub": "...${X}"} refers to (pseudo parameters aside)."""
        if isinstance(value, dict) and isinstance(value.get("Fn::Sub"), str):
            names = [n for n in re.findall(r"\$\{([^}!.:]+)\}", value["Fn::Sub"])]
            return names[-1] if names else None
        return None

    def resource_path(self, logical_id: str) -> str:
        if logical_id is None:
            return "/"
        if self.resources.get(logical_id, {}).get("Type") != "AWS::ApiGateway::Resource":
            return "/"  # GetAtt Api.RootResourceId
        p = self.props(logical_id)
        parent = self.logical_ref(p.get("ParentId"))
        return self.resource_path(parent).rstrip("/") + "/" + p["PathPart"]

    def parameter_refs(self, value) -> set[str]:
        """Declared parameters that `value` references (Ref, or ${Name} in Fn::Sub)."""
        declared = self.body.get("Parameters", {})
        found = set()

        def walk(v):
            if isinstance(v, list):
                for x in v:
                    walk(x)
            elif isinstance(v, dict):
                for k, x in v.items():
                    if k == "Ref" and isinstance(x, str):
                        found.add(x)
                    elif k == "Fn::Sub":
                        text = x if isinstance(x, str) else x[0]
                        found.update(re.findall(r"\$\{([A-Za-z0-9]+)\}", text))
                        if not isinstance(x, str):
                            walk(x[1])
                    else:
                        walk(x)

        walk(value)
        return {p for p in found if p in declared}

    def function_parameters(self) -> set[str]:
        """Parameters that hold a Lambda function ARN (Permission FunctionName, Lambda integration Uri)."""
        out = set()
        for lid in self.of_type("AWS::Lambda::Permission"):
            out |= self.parameter_refs(self.props(lid).get("FunctionName"))
        for lid in self.of_type("AWS::ApiGateway::Method"):
            uri = self.props(lid).get("Integration", {}).get("Uri")
            if "lambda:path/" in json.dumps(uri):
                out |= self.parameter_refs(uri)
        for lid in self.of_type("AWS::ApiGateway::Authorizer"):
            out |= self.parameter_refs(self.props(lid).get("AuthorizerUri"))
        return out

    def user_pool_parameters(self) -> set[str]:
        """Parameters that hold a user pool ARN (Authorizer ProviderARNs)."""
        out = set()
        for lid in self.of_type("AWS::ApiGateway::Authorizer"):
            out |= self.parameter_refs(self.props(lid).get("ProviderARNs"))
        return out

    def referenced_functions(self) -> set[Function]:
        """Every function the template integrates with or grants invoke permission on."""
        found = set()
        for lid in self.of_type("AWS::Lambda::Permission"):
            found.add(function_of(self.try_resolve(self.props(lid).get("FunctionName"))))
        for lid in self.of_type("AWS::ApiGateway::Method"):
            found.add(function_in_uri(self.try_resolve(self.props(lid).get("Integration", {}).get("Uri"))))
        for lid in self.of_type("AWS::ApiGateway::Authorizer"):
            found.add(function_in_uri(self.try_resolve(self.props(lid).get("AuthorizerUri"))))
        return found - {None}


# --------------------------------------------------------------------------- aws plumbing
class Engine:
    def __init__(self, endpoint: str):
        self.endpoint = endpoint
        self.env = {**os.environ, **harness.aws_env({"endpoint": endpoint})}
        cfg = Config(retries={"max_attempts": 2}, connect_timeout=5, read_timeout=60)
        session = boto3.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name=REGION)
        self.cfn = session.client("cloudformation", endpoint_url=endpoint, config=cfg)
        self.apigw = session.client("apigateway", endpoint_url=endpoint, config=cfg)
        self.lam = session.client("lambda", endpoint_url=endpoint, config=cfg)
        self.logs = session.client("logs", endpoint_url=endpoint, config=cfg)
        self.route53 = session.client("route53", endpoint_url=endpoint, config=cfg)

        self._lambdas = {(REGION, ACCOUNT_ID): self.lam}
        self._cfg = cfg

    @staticmethod
    def access_key(account: str) -> str:
        # LocalStack takes the account id from a 12-digit access key id ("test" = 000000000000)
        return "test" if account == ACCOUNT_ID else account

    def lambda_client(self, region: str = REGION, account: str = ACCOUNT_ID):
        if (region, account) not in self._lambdas:
            session = boto3.Session(aws_access_key_id=self.access_key(account), aws_secret_access_key="test",
                                    region_name=region)
            self._lambdas[(region, account)] = session.client("lambda", endpoint_url=self.endpoint,
                                                              config=self._cfg)
        return self._lambdas[(region, account)]

    def aws(self, *args: str, check: bool = True, region: str = REGION,
            account: str = ACCOUNT_ID) -> subprocess.CompletedProcess:
        cmd = ["--endpoint-url", self.endpoint, "--region", region, "--output", "json", *args]
        shown = " ".join(a if len(a) < 120 else a[:117] + "..." for a in args)
        print(f"  $ aws {shown}" + (f"  (account {account}, {region})" if (region, account) != (REGION, ACCOUNT_ID)
                                   else ""), flush=True)
        env = {**self.env, "AWS_ACCESS_KEY_ID": self.access_key(account)}
        cp = aws_cli(cmd, env)
        if check and cp.returncode != 0:
            raise RuntimeError(f"aws {' '.join(args[:2])} failed ({cp.returncode}): {cp.stderr.strip()}")
        return cp

    def stack_status(self, name: str) -> str | None:
        try:
            return self.cfn.describe_stacks(StackName=name)["Stacks"][0]["StackStatus"]
        except self.cfn.exceptions.ClientError as e:
            if "does not exist" in str(e):
                return None
            raise

    def wait_stack(self, name: str, timeout: float = 180.0) -> str:
        t0 = time.monotonic()
        while True:
            status = self.stack_status(name)
            if status is None:
                return "DELETE_COMPLETE"
            if not status.endswith("_IN_PROGRESS"):
                return status
            if time.monotonic() - t0 > timeout:
                raise TimeoutError(f"stack {name} still {status} after {timeout}s")
            time.sleep(0.25)

    def print_failure_events(self, name: str):
        try:
            events = self.cfn.describe_stack_events(StackName=name)["StackEvents"]
        except Exception as e:  # noqa: BLE001
            print(f"        (no events: {e})")
            return
        for ev in reversed(events):
            if "FAILED" in ev["ResourceStatus"] or ev.get("ResourceStatusReason"):
                print(f"        {ev['LogicalResourceId']}: {ev['ResourceStatus']} "
                      f"{ev.get('ResourceStatusReason') or ''}")


def make_zip(tmp: Path) -> Path:
    z = tmp / "placeholder.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("index.py", "def handler(event, context):\n    return {'statusCode': 200, 'body': 'placeholder'}\n")
    return z


_AWS_CLI = threading.Lock()


def aws_cli(args: list[str], env: dict) -> subprocess.CompletedProcess:
    """`aws ARGS` with the environment `env`, run by the aws CLI's own driver (what the `aws`
    executable runs) in this process, one call at a time: a new `aws` process spends about
    1.2 s of CPU importing before its request, and a deploy_check run makes dozens."""
    from awscli.clidriver import create_clidriver

    with _AWS_CLI:
        saved = dict(os.environ)
        os.environ.clear()
        # awscli's import put its own data directory into AWS_DATA_PATH, as it does in `aws`.
        os.environ.update({"AWS_DATA_PATH": saved.get("AWS_DATA_PATH", ""), **env})
        out, err = io.StringIO(), io.StringIO()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    code = create_clidriver().main(list(args))
                except SystemExit as e:  # argument errors exit, as the executable would
                    code = e.code if isinstance(e.code, int) else 2
        finally:
            os.environ.clear()
            os.environ.update(saved)
    return subprocess.CompletedProcess(["aws", *args], code, out.getvalue(), err.getvalue())


def ensure_functions(eng: Engine, functions: set[Function], tmp: Path, rep: Report):
    """Placeholder functions for every function the template integrates with (the template
    integrates with EXISTING functions), in the account and region of its ARN, with an alias
    for a qualified ARN. Created with the aws CLI, a few at a time."""
    z = make_zip(tmp)
    missing = []
    for fn in sorted(functions, key=str):
        lam = eng.lambda_client(fn.region, fn.account)
        try:
            lam.get_function(FunctionName=fn.name, **({"Qualifier": fn.qualifier} if fn.qualifier else {}))
            rep.info(f"function {fn} already exists")
        except lam.exceptions.ResourceNotFoundException:
            missing.append(fn)

    groups: dict[tuple[str, str, str], list[Function]] = {}
    for fn in missing:  # a qualified and an unqualified ARN share one function
        groups.setdefault((fn.region, fn.account, fn.name), []).append(fn)

    def create(fns: list[Function]) -> list[tuple[Function, subprocess.CompletedProcess | None]]:
        region, account, name = fns[0].region, fns[0].account, fns[0].name
        lam = eng.lambda_client(region, account)
        results = []
        try:
            lam.get_function(FunctionName=name)
        except lam.exceptions.ResourceNotFoundException:
            cp = eng.aws("lambda", "create-function", "--function-name", name, "--runtime", "python3.12",
                         "--role", LAMBDA_ROLE.replace(ACCOUNT_ID, account), "--handler", "index.handler",
                         "--zip-file", f"fileb://{z}", check=False, region=region, account=account)
            if cp.returncode != 0:
                return [(fn, cp) for fn in fns]
            results += [(fn, cp) for fn in fns if not fn.qualifier]
        for fn in fns:
            if fn.qualifier:
                results.append((fn, eng.aws("lambda", "create-alias", "--function-name", name, "--name",
                                            fn.qualifier, "--function-version", "$LATEST", check=False,
                                            region=region, account=account)))
        return results

    with ThreadPoolExecutor(max_workers=4) as pool:
        for results in pool.map(create, groups.values()):
            for fn, cp in results:
                rep.check(cp.returncode == 0, f"placeholder function {fn} created", cp.stderr.strip())


# --------------------------------------------------------------------------- verification
def norm_method(t: Template, props: dict) -> dict:
    """Template Method properties -> the shape GetMethod returns (only fields the template sets)."""
    out = {"authorizationType": props.get("AuthorizationType", "NONE")}
    if "AuthorizerId" in props:
        out["authorizerId"] = t.resolve(props["AuthorizerId"])
    if "ApiKeyRequired" in props:
        out["apiKeyRequired"] = bool(props["ApiKeyRequired"])
    if props.get("RequestParameters"):
        out["requestParameters"] = props["RequestParameters"]
    if props.get("RequestModels"):
        out["requestModels"] = t.resolve(props["RequestModels"])
    if props.get("AuthorizationScopes"):
        out["authorizationScopes"] = props["AuthorizationScopes"]
    integ = props.get("Integration")
    if integ:
        i = {"type": integ["Type"]}
        for src, dst in [("IntegrationHttpMethod", "httpMethod"), ("Uri", "uri"),
                         ("RequestTemplates", "requestTemplates"), ("RequestParameters", "requestParameters"),
                         ("PassthroughBehavior", "passthroughBehavior"), ("ContentHandling", "contentHandling"),
                         ("TimeoutInMillis", "timeoutInMillis"), ("Credentials", "credentials")]:
            if src in integ:
                i[dst] = t.resolve(integ[src])
        if integ.get("IntegrationResponses"):
            i["integrationResponses"] = {}
            for r in integ["IntegrationResponses"]:
                ir = {"statusCode": str(r["StatusCode"])}
                for src, dst in [("ResponseParameters", "responseParameters"),
                                 ("ResponseTemplates", "responseTemplates"),
                                 ("SelectionPattern", "selectionPattern")]:
                    if src in r:
                        ir[dst] = t.resolve(r[src])
                i["integrationResponses"][ir["statusCode"]] = ir
        out["methodIntegration"] = i
    if props.get("MethodResponses"):
        out["methodResponses"] = {}
        for r in props["MethodResponses"]:
            mr = {"statusCode": str(r["StatusCode"])}
            if "ResponseParameters" in r:
                mr["responseParameters"] = {k: bool(v) for k, v in r["ResponseParameters"].items()}
            if "ResponseModels" in r:
                mr["responseModels"] = t.resolve(r["ResponseModels"])
            out["methodResponses"][mr["statusCode"]] = mr
    return out


def method_semantics(t: Template, p: dict, m: dict, deployed_by_name: dict,
                     check_responses: bool = True) -> tuple[str, list[str]]:
    """What a deployed method must be, derived from its template properties alone: the
    authorization type; the authorizer (the template's AuthorizerId names an Authorizer
    resource, whose Name identifies the deployed authorizer whose id the method must carry),
    or none; the scopes, or none; the integration type and target (the function parsed from
    an AWS_PROXY Uri). An OPTIONS method is never authorized; a MOCK one must be the
    preflight, with exactly the template's response headers (one with a backend is a method
    the stack declared public). Returns (summary, problems)."""
    problems = []
    verb = p["HttpMethod"].upper()
    auth = p.get("AuthorizationType", "NONE")
    got_auth = m.get("authorizationType")
    if got_auth != auth:
        problems.append(f"authorizationType {got_auth}, template {auth}")
    summary = auth
    if auth in ("COGNITO_USER_POOLS", "CUSTOM"):
        a_lid = t.logical_ref(p.get("AuthorizerId"))
        name = t.props(a_lid).get("Name") if a_lid in t.resources else None
        deployed = deployed_by_name.get(t.try_resolve(name))
        want_id = deployed.get("id") if deployed else None
        summary += f" by authorizer {name!r} ({want_id})"
        if want_id is None:
            problems.append(f"no deployed authorizer named {name!r} (template AuthorizerId {p.get('AuthorizerId')})")
        elif m.get("authorizerId") != want_id:
            problems.append(f"authorizerId {m.get('authorizerId')}, but authorizer {name!r} has id {want_id}")
        elif deployed.get("type") != t.props(a_lid).get("Type"):
            problems.append(f"authorizer {name!r} is {deployed.get('type')}, template {t.props(a_lid).get('Type')}")
    elif m.get("authorizerId"):
        problems.append(f"authorizerId {m.get('authorizerId')} on a method the template leaves without authorizer")
    want_scopes = sorted(p.get("AuthorizationScopes") or [])
    got_scopes = sorted(m.get("authorizationScopes") or [])
    if want_scopes:
        summary += f" scopes {want_scopes}"
    if got_scopes != want_scopes:
        problems.append(f"authorizationScopes {got_scopes}, template {want_scopes}")

    integ = p.get("Integration") or {}
    got = m.get("methodIntegration") or {}
    kind = integ.get("Type")
    summary += f" -> {kind}"
    if got.get("type") != kind:
        problems.append(f"integration type {got.get('type')}, template {kind}")
    if kind in ("AWS_PROXY", "AWS"):
        want_fn = function_in_uri(t.try_resolve(integ.get("Uri")))
        got_fn = function_in_uri(got.get("uri"))
        if want_fn:
            summary += f" function {want_fn}"
            if got_fn != want_fn:
                problems.append(f"integration invokes {got_fn}, template {want_fn} (uri {got.get('uri')})")
        elif got.get("uri") != t.try_resolve(integ.get("Uri")):
            problems.append(f"integration uri {got.get('uri')}, template {t.try_resolve(integ.get('Uri'))}")
        if got.get("httpMethod") != integ.get("IntegrationHttpMethod"):
            problems.append(f"integration httpMethod {got.get('httpMethod')}, "
                            f"template {integ.get('IntegrationHttpMethod')}")
    elif kind in ("HTTP", "HTTP_PROXY"):
        summary += f" {t.try_resolve(integ.get('Uri'))}"
        if got.get("uri") != t.try_resolve(integ.get("Uri")):
            problems.append(f"integration uri {got.get('uri')}, template {t.try_resolve(integ.get('Uri'))}")
    elif kind == "MOCK" and got.get("uri"):
        problems.append(f"MOCK integration with uri {got.get('uri')}")

    if verb == "OPTIONS" and kind != "MOCK":
        # A declared OPTIONS with a backend: public on purpose, never authorized (browsers
        # send preflights without credentials); checked above like any other method.
        summary = "declared " + summary
        if auth != "NONE":
            problems.append(f"the template's OPTIONS is {auth}: an OPTIONS can't be authorized")
    elif verb == "OPTIONS":
        summary = "preflight " + summary
        if auth != "NONE":
            problems.append(f"the template's OPTIONS is {auth} + {kind}, not a preflight (NONE + MOCK)")
        want = {str(r["StatusCode"]): r.get("ResponseParameters") or {} for r in integ.get("IntegrationResponses") or []}
        have = {code: r.get("responseParameters") or {} for code, r in (got.get("integrationResponses") or {}).items()}
        # Several origins: the template that answers with the request's origin, as deployed.
        want_templates = {str(r["StatusCode"]): t.try_resolve(r.get("ResponseTemplates") or {})
                          for r in integ.get("IntegrationResponses") or []}
        have_templates = {code: r.get("responseTemplates") or {}
                          for code, r in (got.get("integrationResponses") or {}).items()}
        if not check_responses:
            summary += " (response headers NOT CHECKED)"
        elif have != want:
            problems.append(f"preflight response headers {json.dumps(have, sort_keys=True)}, "
                            f"template {json.dumps(want, sort_keys=True)}")
        elif have_templates != want_templates:
            problems.append(f"preflight response templates {json.dumps(have_templates, sort_keys=True)}, "
                            f"template {json.dumps(want_templates, sort_keys=True)}")
        else:
            for params in want.values():
                methods = params.get("method.response.header.Access-Control-Allow-Methods")
                if methods:
                    summary += f" allowing {methods}"
    return summary, problems


def project(actual, expected):
    """Keep only the keys of `actual` that `expected` mentions (recursively for dicts)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        return {k: project(actual.get(k), v) for k, v in expected.items()}
    return actual


def http(method: str, url: str, headers: dict) -> tuple[int, dict, str]:
    req = urllib.request.Request(url, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, dict(r.headers.items()), r.read().decode(errors="replace")
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers.items()), e.read().decode(errors="replace")


def stage_key_values(eng: "Engine", t: "Template", stage_name: str) -> list[str]:
    """The values of the API keys the template's usage plans bind to the stage `stage_name`
    (`get-api-key --include-value`: the template holds none)."""
    values = []
    for lid in sorted(t.of_type("AWS::ApiGateway::UsagePlanKey")):
        p = t.props(lid)
        plan = t.props(t.logical_ref(p["UsagePlanId"]))
        stages = [t.resolve(s["Stage"]) for s in plan.get("ApiStages", [])]
        if stage_name not in stages:
            continue
        key_id = t.physical.get(t.logical_ref(p["KeyId"]))
        values.append(eng.apigw.get_api_key(apiKey=key_id, includeValue=True)["value"])
    return values


def api_key_at_request_time(eng: "Engine", t: "Template", rep: "Report", verb: str, url: str,
                            shown: str, stage_name: str):
    """A method requiring an API key: refused with 403 without one, let through (not 403)
    with the value of a key a usage plan binds to the stage."""
    status, _, body = http(verb, url, {"Authorization": "Bearer not-checked"})
    rep.check(status == 403, f"{verb} {shown} without an API key -> {status} (want 403)", body[:200])
    values = stage_key_values(eng, t, stage_name)
    if not values:
        print(f"  NOT CHECKED  {verb} {shown} with a key: no usage plan binds a key to stage "
              f"{stage_name}", flush=True)
        return
    status, _, body = http(verb, url, {"Authorization": "Bearer not-checked", "x-api-key": values[0]})
    rep.check(status != 403, f"{verb} {shown} with the created key's value -> {status} (not 403)",
              body[:200])


def resource_policy(rep: "Report", t, api_lid: str, deployed, template_policy: dict):
    """The API's resource policy as get-rest-api returns it (a JSON string, its quotes
    escaped), statement by statement against the template's: effect, principal, action,
    conditions, and each resource (API Gateway may expand `execute-api:/…` into the API's
    full ARN, so a deployed resource ending with the template's route part is the same).
    Its effect at request time is NOT CHECKED: LocalStack does not evaluate resource
    policies."""
    if not rep.check(isinstance(deployed, str) and deployed, f"{api_lid}: a resource policy is attached"):
        return
    try:
        got = json.loads(deployed)
    except ValueError:
        got = json.loads(deployed.replace('\\"', '"'))
    def deep(v):
        if isinstance(v, dict) and len(v) == 1 and next(iter(v)) in ("Ref", "Fn::GetAtt", "Fn::Sub", "Fn::Join", "Fn::Select"):
            return t.resolve(v)
        if isinstance(v, dict):
            return {k: deep(x) for k, x in v.items()}
        if isinstance(v, list):
            return [deep(x) for x in v]
        return v

    def plain(v):
        """IAM writes a one-element list and its element alike."""
        if isinstance(v, dict):
            return {k: plain(x) for k, x in v.items()}
        if isinstance(v, list):
            return plain(v[0]) if len(v) == 1 else [plain(x) for x in v]
        return v

    got, want = plain(got), plain(deep(template_policy))
    got_s, want_s = got.get("Statement", []), want.get("Statement", [])
    rep.equal(len(got_s), len(want_s), f"{api_lid}: number of resource policy statements")
    for i, (g, w) in enumerate(zip(got_s, want_s)):
        for key in ("Effect", "Principal", "Action", "Condition"):
            rep.equal(g.get(key), w.get(key), f"{api_lid}: policy statement {i + 1} {key}")
        g_res = g.get("Resource")
        g_res = g_res if isinstance(g_res, list) else [g_res]
        w_res = w.get("Resource") if isinstance(w.get("Resource"), list) else [w.get("Resource")]
        same = len(g_res) == len(w_res) and all(
            gr == wr or (isinstance(gr, str) and gr.endswith(wr.split("execute-api:", 1)[-1]))
            for gr, wr in zip(g_res, w_res))
        rep.check(same, f"{api_lid}: policy statement {i + 1} Resource {g_res} is the template's {w_res}")
    print(f"  NOT CHECKED  {api_lid}: the resource policy at request time (source IPs, VPC "
          "endpoints, principals): LocalStack does not evaluate API Gateway resource "
          "policies; the policy's statements are read back above", flush=True)


def lambda_authorizer_at_request_time(rep: "Report", verb: str, url: str, shown: str, key: dict):
    """A method behind a Lambda authorizer, called with no identity source at all (but with
    an API key `key` when the method requires one): API Gateway answers 401 without calling
    the function. The engine's answer is printed: when it lets the request through,
    enforcement is NOT CHECKED (its configuration is)."""
    status, _, body = http(verb, url, key)
    if status in (401, 403):
        rep.check(True, f"{verb} {shown} without an identity source"
                        f"{' (with an API key)' if key else ''} -> {status} (Lambda authorizer enforced)")
    else:
        print(f"  NOT CHECKED  {verb} {shown}: the Lambda authorizer at request time: the engine "
              f"answered HTTP {status} to a request without any identity source (API Gateway "
              f"answers 401); it does not run Lambda authorizers. Type, URI, identity sources, TTL "
              f"and the invoke permission are checked instead", flush=True)


def sample_body(schema: dict):
    """A body a simple object schema accepts: each required property with a value of its type."""
    values = {"string": "x", "number": 1, "integer": 1, "boolean": True, "object": {}, "array": []}
    props = schema.get("properties") or {}
    return {name: values.get((props.get(name) or {}).get("type"), "x") for name in schema.get("required") or []}


def verify_validation(t: Template, rep: Report, verb: str, url: str, shown: str, p: dict,
                      key: dict):
    """Over HTTP, a method with a request validator: without a required query string parameter
    it gets 400 (BAD_REQUEST_PARAMETERS); with a body its model refuses, 400 or the status of the
    API's BAD_REQUEST_BODY gateway response; with both right, no 400. A method requiring an API
    key is called with `key` (a key of its stage's plans), since API Gateway checks the key
    before it validates; without one, validation is NOT CHECKED."""
    validator_id = t.logical_ref(p.get("RequestValidatorId"))
    if not validator_id:
        return
    if str(p.get("ApiKeyRequired")).lower() == "true" and not key:
        print(f"  NOT CHECKED  {verb} {shown}: request validation: the method requires an API key "
              f"and no usage plan binds one to this stage, so API Gateway answers 403 first",
              flush=True)
        return
    validator = t.props(validator_id)
    required = p.get("RequestParameters") or {}
    query = {k.rsplit(".", 1)[-1]: "x" for k, v in required.items()
             if v and k.startswith("method.request.querystring.")}
    headers = {"Content-Type": "application/json", "Authorization": "Bearer not-checked", **key}
    headers.update({k.rsplit(".", 1)[-1]: "x" for k, v in required.items()
                    if v and k.startswith("method.request.header.")})
    model_id = t.logical_ref((p.get("RequestModels") or {}).get("application/json"))
    schema = t.props(model_id).get("Schema", {}) if model_id else None
    good_body = json.dumps(sample_body(schema)) if schema else "{}"
    full = url + ("?" + "&".join(f"{k}=x" for k in query) if query else "")

    def send(target: str, body: str):
        req = urllib.request.Request(target, method=verb, headers=headers, data=body.encode())
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, r.read().decode(errors="replace")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode(errors="replace")

    if validator.get("ValidateRequestParameters") and query:
        status, body = send(url, good_body)
        rep.check(status == 400 and "Missing required request parameters" in body,
                  f"{verb} {shown} without its required query string {sorted(query)} -> 400",
                  f"HTTP {status}: {body[:200]}")
    if validator.get("ValidateRequestBody") and schema and schema.get("required"):
        custom = [g.get("Properties", {}) for g in t.of_type("AWS::ApiGateway::GatewayResponse").values()
                  if g.get("Properties", {}).get("ResponseType") == "BAD_REQUEST_BODY"]
        want = int(custom[0].get("StatusCode", 400)) if custom else 400
        status, body = send(full, "{}")
        rep.check(status == want and "Invalid request body" in body,
                  f"{verb} {shown} with a body its model {t.props(model_id)['Name']} refuses -> {want}"
                  + (" (the API's BAD_REQUEST_BODY status)" if custom else ""),
                  f"HTTP {status}: {body[:200]}")
        if custom:
            print(f"  NOT CHECKED  {verb} {shown}: the BAD_REQUEST_BODY response's templates and headers "
                  "at request time (LocalStack applies a gateway response's status code only; its "
                  "templates and headers are compared with the template above)", flush=True)
    status, body = send(full, good_body)
    rep.check(status != 400, f"{verb} {shown} with its required parameters and a valid body -> not 400",
              f"HTTP {status}: {body[:200]}")


def template_origins(t: Template, response: dict) -> list[str]:
    """The origins a several-origin preflight's response template compares the request's
    `Origin` with (resolved with the stack's parameters); [] for a one-origin preflight."""
    templates = t.try_resolve(response.get("ResponseTemplates") or {}) or {}
    for text in templates.values():
        if "responseOverride.header.Access-Control-Allow-Origin" in text:
            return re.findall(r"\$origin == '([^']*)'", text)
    return []


def sample_path(path: str) -> str:
    return re.sub(r"\{([^}+]+)\+?\}", lambda m: f"sample-{m.group(1)}", path)


def engine_limits(old: dict, new: dict) -> dict[str, str]:
    """Resources of `new` whose update from `old` runs into a known limit of the engine."""
    limits = {}
    old_res, new_res = old.get("Resources", {}), new.get("Resources", {})
    for lid, r in new_res.items():
        before = old_res.get(lid)
        if not before or before.get("Type") != r.get("Type") or before.get("Properties") == r.get("Properties"):
            continue
        props = r.get("Properties", {})
        if r["Type"] == "AWS::ApiGateway::Method" and props.get("Integration", {}).get("IntegrationResponses"):
            created = ("RestApiId", "ResourceId", "HttpMethod")  # createOnly: a change replaces the method
            if all(props.get(k) == before["Properties"].get(k) for k in created):
                limits[lid] = LIMIT_MOCK_UPDATE
        elif r["Type"] == "AWS::Lambda::Permission":  # every property is createOnly
            limits[lid] = LIMIT_PERMISSION_REPLACED
    return limits


def verify_roles(eng: "Engine", t: "Template", rep: "Report"):
    """Each IAM role read back with `aws iam get-role` (its ARN, which an integration's
    Credentials name) and each inline policy with `aws iam get-role-policy`, compared with the
    template's statements."""
    def norm(statements):
        out = []
        for st in statements if isinstance(statements, list) else [statements]:
            as_list = lambda v: sorted(v if isinstance(v, list) else [v])
            out.append((st.get("Effect"), as_list(st.get("Action")), as_list(st.get("Resource"))))
        return sorted(out)
    roles = sorted(t.of_type("AWS::IAM::Role"))
    if roles:
        rep.section("IAM roles (iam get-role, get-role-policy)")
    for lid in roles:
        name = t.physical.get(lid)
        if not name:
            continue
        cp = eng.aws("iam", "get-role", "--role-name", name, check=False)
        if not rep.check(cp.returncode == 0, f"{lid}: role {name} exists", cp.stderr.strip()):
            continue
        t.attrs[(lid, "Arn")] = json.loads(cp.stdout)["Role"]["Arn"]
        for pol in t.props(lid).get("Policies") or []:
            cp = eng.aws("iam", "get-role-policy", "--role-name", name, "--policy-name",
                         pol["PolicyName"], check=False)
            got = json.loads(cp.stdout).get("PolicyDocument") if cp.returncode == 0 else None
            if isinstance(got, str):
                got = json.loads(urllib.parse.unquote(got))
            want = t.try_resolve(pol["PolicyDocument"])
            rep.check(got is not None and norm(got.get("Statement")) == norm(want.get("Statement")),
                      f"{lid}: inline policy {pol['PolicyName']} allows "
                      f"{', '.join(a for _, acts, _ in norm(want.get('Statement')) for a in acts)} "
                      f"on exactly the template's resources",
                      f"got {json.dumps(got)}; template {json.dumps(want)}")


COGNITO_REASON = ("LocalStack community has no Cognito (cognito-idp is not in its runtime): its "
                  "CloudFormation accepts the resource without creating it, so nothing can be read "
                  "back; cfn-lint and the tests check the template")


def cognito_summary(t: Template, r: dict) -> str:
    """What the template says of a Cognito resource, in a few words, for its NOT CHECKED line."""
    p = r.get("Properties", {})
    kind = r["Type"].rsplit("::", 1)[-1]
    words = lambda xs: " ".join(str(t.try_resolve(x)) for x in xs)
    if kind == "UserPoolClient":
        parts = [f"client {p.get('ClientName')}",
                 "secret generated" if p.get("GenerateSecret") else "no secret",
                 f"flows {words(p['AllowedOAuthFlows'])}" if p.get("AllowedOAuthFlows")
                 else "SDK sign-in only"]
        if p.get("AllowedOAuthScopes"):
            parts.append(f"scopes {words(p['AllowedOAuthScopes'])}")
        if p.get("CallbackURLs"):
            parts.append(f"callback URLs {words(p['CallbackURLs'])}")
        if p.get("LogoutURLs"):
            parts.append(f"logout URLs {words(p['LogoutURLs'])}")
        return ", ".join(parts)
    if kind == "UserPoolResourceServer":
        scopes = " ".join(f"{p.get('Identifier')}/{s.get('ScopeName')}" for s in p.get("Scopes", []))
        return f"resource server {p.get('Identifier')} granting {scopes}"
    if kind == "UserPoolDomain":
        return f"hosted-UI domain prefix {p.get('Domain')}"
    if kind == "UserPool":
        admins = p.get("AdminCreateUserConfig", {}).get("AllowAdminCreateUserOnly")
        return (f"pool {p.get('UserPoolName')}, "
                f"{'users created by administrators only' if admins else 'self sign-up on'}")
    return "not read back"


def verify(eng: Engine, t: Template, rep: Report) -> dict:
    """Checks the deployed stack against template `t`. Returns {stage logical id: deployment id}."""
    stack = t.stack_name
    rep.section("stack resources")
    res = eng.cfn.describe_stack_resources(StackName=stack)["StackResources"]
    t.physical = {r["LogicalResourceId"]: r.get("PhysicalResourceId") for r in res}
    for lid, r in sorted(t.resources.items()):
        phys = t.physical.get(lid)
        status = next((x["ResourceStatus"] for x in res if x["LogicalResourceId"] == lid), None)
        if t.limits.get(lid) == LIMIT_PERMISSION_REPLACED and not phys:
            print(f"  NOT CHECKED  engine limit: {lid}: {LIMIT_PERMISSION_REPLACED}", flush=True)
            continue
        if r["Type"].startswith("AWS::Cognito::"):
            # Accepted without being created: no physical id to insist on.
            rep.check(status in ("CREATE_COMPLETE", "UPDATE_COMPLETE"),
                      f"{lid} ({r['Type']}) -> {phys} [{status}]")
            print(f"  NOT CHECKED  {lid}: {r['Type']} ({cognito_summary(t, r)}): {COGNITO_REASON}",
                  flush=True)
            continue
        rep.check(bool(phys) and status in ("CREATE_COMPLETE", "UPDATE_COMPLETE"),
                  f"{lid} ({r['Type']}) -> {phys} [{status}]")
        if r["Type"] not in VERIFIED_TYPES:
            print(f"  NOT CHECKED  {lid}: type {r['Type']} is not read back by this harness")

    verify_roles(eng, t, rep)

    apis = t.of_type("AWS::ApiGateway::RestApi")
    for api_lid in sorted(apis):
        api_id = t.physical[api_lid]
        api = eng.apigw.get_rest_api(restApiId=api_id)
        t.attrs[(api_lid, "RootResourceId")] = api["rootResourceId"]
        rep.section(f"RestApi {api_lid} ({api_id})")
        p = t.props(api_lid)
        if "Name" in p:
            rep.equal(api.get("name"), t.resolve(p["Name"]), "name")
        if "Description" in p:
            rep.equal(api.get("description"), t.resolve(p["Description"]), "description")
        if "BinaryMediaTypes" in p:
            rep.equal(sorted(api.get("binaryMediaTypes", [])), sorted(p["BinaryMediaTypes"]), "binaryMediaTypes")
        if "EndpointConfiguration" in p:
            rep.equal(api.get("endpointConfiguration", {}).get("types"),
                      p["EndpointConfiguration"].get("Types"), "endpointConfiguration.types")
        if "VpcEndpointIds" in p.get("EndpointConfiguration", {}):
            rep.equal(sorted(api.get("endpointConfiguration", {}).get("vpcEndpointIds", [])),
                      sorted(t.resolve(v) for v in p["EndpointConfiguration"]["VpcEndpointIds"]),
                      "endpointConfiguration.vpcEndpointIds")
        if "Policy" in p:
            resource_policy(rep, t, api_lid, api.get("policy"), p["Policy"])
        if "DisableExecuteApiEndpoint" in p:
            rep.equal(api.get("disableExecuteApiEndpoint"), p["DisableExecuteApiEndpoint"],
                      "disableExecuteApiEndpoint")
            if p["DisableExecuteApiEndpoint"]:
                print(f"  NOT CHECKED  {api_lid}: the execute-api endpoint turned off in effect: "
                      "LocalStack still serves the API on its path-style execute-api URL (used "
                      "below); AWS answers 403 there", flush=True)

        def mine(type_):
            return {k: v for k, v in t.of_type(type_).items()
                    if t.logical_ref(v.get("Properties", {}).get("RestApiId")) == api_lid}

        # authorizers
        rep.section("authorizers (get-authorizers)")
        deployed_auth = {a["id"]: a for a in eng.apigw.get_authorizers(restApiId=api_id, limit=500)["items"]}
        tmpl_auth = mine("AWS::ApiGateway::Authorizer")
        rep.equal(len(deployed_auth), len(tmpl_auth), "number of authorizers")
        for lid, r in sorted(tmpl_auth.items()):
            p = t.props(lid)
            aid = t.physical.get(lid)
            a = deployed_auth.get(aid)
            if not rep.check(a is not None, f"{lid}: Ref {aid!r} is a bare authorizer id of this API"):
                continue
            exp = {"name": t.resolve(p.get("Name")), "type": p.get("Type")}
            created_pools = []
            if "ProviderARNs" in p:
                arns = [t.try_resolve(arn) for arn in p["ProviderARNs"]]
                created_pools = [t.logical_ref(arn) for arn, got in zip(p["ProviderARNs"], arns)
                                 if got is None]
                if not created_pools:
                    exp["providerARNs"] = sorted(arns)
            if "IdentitySource" in p:
                exp["identitySource"] = p["IdentitySource"]
            if "AuthorizerResultTtlInSeconds" in p:
                exp["authorizerResultTtlInSeconds"] = int(p["AuthorizerResultTtlInSeconds"])
            if "IdentityValidationExpression" in p:
                exp["identityValidationExpression"] = p["IdentityValidationExpression"]
            if "AuthorizerUri" in p:
                exp["authorizerUri"] = t.resolve(p["AuthorizerUri"])
            if "AuthorizerCredentials" in p:
                exp["authorizerCredentials"] = t.resolve(p["AuthorizerCredentials"])
            act = project(a, exp)
            if "providerARNs" in act and act["providerARNs"]:
                act["providerARNs"] = sorted(act["providerARNs"])
            rep.equal(act, exp, f"{lid} ({exp['name']}) matches template")
            if created_pools:
                # The ARNs of pools the stack creates are whatever the engine made up.
                got = a.get("providerARNs") or []
                rep.equal(len(got), len(p["ProviderARNs"]), f"{lid}: number of providerARNs")
                known = [arn for arn in (t.try_resolve(x) for x in p["ProviderARNs"]) if arn]
                rep.check(all(arn in got for arn in known),
                          f"{lid}: providerARNs include {' '.join(known) or 'no imported pool'}")
                print(f"  NOT CHECKED  {lid}: the ARNs of {', '.join(created_pools)} in providerARNs: "
                      f"{COGNITO_REASON}", flush=True)

        # routes and methods
        rep.section("routes (get-resources --embed methods)")
        items = eng.apigw.get_resources(restApiId=api_id, embed=["methods"], limit=500)["items"]
        deployed = {}
        for it in items:
            for verb, m in (it.get("resourceMethods") or {}).items():
                deployed[(it["path"], verb)] = m
        expected = {}
        for lid in mine("AWS::ApiGateway::Method"):
            p = t.props(lid)
            path = t.resource_path(t.logical_ref(p.get("ResourceId")))
            expected[(path, p["HttpMethod"].upper())] = (lid, p)
        rep.equal(sorted(f"{v} {p}" for p, v in deployed), sorted(f"{v} {p}" for p, v in expected),
                  "deployed routes == template routes")
        by_name = {a.get("name"): a for a in deployed_auth.values()}
        for (path, verb), (lid, p) in sorted(expected.items()):
            m = deployed.get((path, verb))
            if not rep.check(m is not None, f"{verb} {path} ({lid}) exists"):
                continue
            exp = norm_method(t, p)
            responses_lost = t.limits.get(lid) == LIMIT_MOCK_UPDATE
            if responses_lost:
                exp.get("methodIntegration", {}).pop("integrationResponses", None)
                print(f"  NOT CHECKED  engine limit: {verb} {path} ({lid}) integration responses: "
                      f"{LIMIT_MOCK_UPDATE}", flush=True)
            rep.equal(project(m, exp), exp, f"{verb} {path}: method/integration match template")
            summary, problems = method_semantics(t, p, m, by_name, check_responses=not responses_lost)
            rep.check(not problems, f"{verb} {path}: {summary}", "; ".join(problems))

        # gateway responses
        rep.section("gateway responses (get-gateway-responses)")
        gws = {g["responseType"]: g for g in eng.apigw.get_gateway_responses(restApiId=api_id, limit=500)["items"]}
        for lid, r in sorted(mine("AWS::ApiGateway::GatewayResponse").items()):
            p = t.props(lid)
            g = gws.get(p["ResponseType"])
            if not rep.check(g is not None and not g.get("defaultResponse", False),
                             f"{lid}: {p['ResponseType']} customised"):
                continue
            exp = {}
            if "ResponseParameters" in p:
                exp["responseParameters"] = t.resolve(p["ResponseParameters"])
            if "ResponseTemplates" in p:
                exp["responseTemplates"] = t.resolve(p["ResponseTemplates"])
            if "StatusCode" in p:
                exp["statusCode"] = str(p["StatusCode"])
            rep.equal(project(g, exp), exp, f"{lid}: {p['ResponseType']} matches template")

        # stages
        rep.section("stages (get-stages)")
        stages = {s["stageName"]: s for s in eng.apigw.get_stages(restApiId=api_id)["item"]}
        deployments = {d["id"]: d for d in eng.apigw.get_deployments(restApiId=api_id, limit=500)["items"]}
        tmpl_stages = mine("AWS::ApiGateway::Stage")
        # A stage may be named by a parameter (`{"Ref": "Env"}`): its value is the name.
        rep.equal(sorted(stages), sorted(t.resolve(t.props(s).get("StageName")) for s in tmpl_stages), "stage names")
        stage_deployments = {}
        for lid in sorted(tmpl_stages):
            p = t.props(lid)
            name = t.resolve(p.get("StageName"))
            s = stages.get(name)
            if not rep.check(s is not None, f"{lid}: stage {name} exists"):
                continue
            dep_lid = t.logical_ref(p.get("DeploymentId"))
            want_dep = t.physical.get(dep_lid)
            rep.check(s.get("deploymentId") == want_dep and want_dep in deployments,
                      f"{lid}: stage points at {dep_lid} ({want_dep})",
                      f"stage deploymentId={s.get('deploymentId')} deployments={sorted(deployments)}")
            stage_deployments[lid] = s.get("deploymentId")
            if "Description" in p:
                rep.equal(s.get("description"), t.resolve(p["Description"]), f"{lid}: description")
            if "Variables" in p:
                rep.equal(s.get("variables"), t.resolve(p["Variables"]), f"{lid}: variables")
            verify_stage_settings(eng, t, rep, lid, p, s)
        for lid in sorted(mine("AWS::ApiGateway::Deployment")):
            p = t.props(lid)
            rep.check(t.physical.get(lid) in deployments, f"{lid}: deployment {t.physical.get(lid)} exists")
            if "StageName" in p:
                print(f"  NOTE  {lid} has StageName (creates an implicit stage outside the template's Stage resources)")

        # HTTP: preflight and route presence in each deployed stage
        for stage_name in sorted(stages):
            # LocalStack's path-style invoke URL (works offline; the host-style
            # <id>.execute-api.localhost.localstack.cloud needs DNS or a Host header)
            base = f"{eng.endpoint}/_aws/execute-api/{api_id}/{stage_name}"
            rep.section(f"HTTP against stage {stage_name} ({base}/...)")
            for (path, verb), (lid, p) in sorted(expected.items()):
                url = base + sample_path(path)
                if verb == "OPTIONS" and t.limits.get(lid) == LIMIT_MOCK_UPDATE:
                    print(f"  NOT CHECKED  engine limit: OPTIONS {sample_path(path)}: {LIMIT_MOCK_UPDATE}",
                          flush=True)
                elif verb == "OPTIONS" and p.get("Integration", {}).get("Type") == "MOCK":
                    integ = p.get("Integration", {})
                    ir = (integ.get("IntegrationResponses") or [{}])[0]
                    want_status = int(ir.get("StatusCode", 200))
                    want_headers = {k.rsplit(".", 1)[-1]: v.strip("'")
                                    for k, v in (ir.get("ResponseParameters") or {}).items()
                                    if k.startswith("method.response.header.") and v.startswith("'")}
                    origins = template_origins(t, ir)
                    for origin in origins or ["https://example.com"]:
                        status, headers, body = http("OPTIONS", url, {
                            "Origin": origin,
                            "Access-Control-Request-Method": "GET",
                            "Access-Control-Request-Headers": "authorization,content-type"})
                        want = dict(want_headers)
                        if origins:
                            want["Access-Control-Allow-Origin"] = origin
                        got = {k: headers.get(k) for k in want}
                        rep.check(status == want_status and got == want,
                                  f"OPTIONS {sample_path(path)} from {origin} -> {status} with {sorted(want)}"
                                  + (f" (origin {origin} echoed)" if origins else ""),
                                  f"status {status} (want {want_status}); headers {got} (want {want}); body {body[:200]}")
                    if origins:
                        other = "https://other.example.net"
                        status, headers, body = http("OPTIONS", url, {
                            "Origin": other, "Access-Control-Request-Method": "GET"})
                        rep.check(status == want_status and "Access-Control-Allow-Origin" not in headers,
                                  f"OPTIONS {sample_path(path)} from {other} (not allowed) -> {status} "
                                  f"without Access-Control-Allow-Origin",
                                  f"status {status}; headers {headers}")
                else:
                    # ANY: a verb that no sibling method of the same resource claims
                    sent = verb if verb != "ANY" else next(
                        (v for v in ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD")
                         if (path, v) not in expected), None)
                    if sent is None:
                        print(f"  NOT CHECKED  ANY {path}: every verb has its own method", flush=True)
                        continue
                    # A key-required method is called with a key of its stage's plans below,
                    # so that what answers is the authorizer or the route, not the key check.
                    key = {}
                    if str(p.get("ApiKeyRequired")).lower() == "true":
                        api_key_at_request_time(eng, t, rep, sent, url, sample_path(path), stage_name)
                        key = {"x-api-key": v for v in stage_key_values(eng, t, stage_name)[:1]}
                    if p.get("AuthorizationType") == "CUSTOM":
                        lambda_authorizer_at_request_time(rep, sent, url, sample_path(path), key)
                    status, headers, body = http(sent, url, {"Authorization": "Bearer not-checked", **key})
                    missing = status == 403 and "Missing Authentication Token" in body
                    via = f" (as {sent})" if sent != verb else ""
                    rep.check(not missing and status != 404,
                              f"{verb} {sample_path(path)}{via} is routed in the stage (HTTP {status}; "
                              f"{p.get('AuthorizationType', 'NONE')} not enforced, "
                              f"{p.get('Integration', {}).get('Type')} integration)",
                              f"HTTP {status}: {body[:200]}")
                    verify_validation(t, rep, sent, url, sample_path(path), p, key)

    verify_domains(eng, t, rep)
    verify_usage_plans(eng, t, rep)

    # lambda permissions
    rep.section("lambda permissions (lambda get-policy)")
    for lid in sorted(t.of_type("AWS::Lambda::Permission")):
        p = t.props(lid)
        fn = function_of(t.resolve(p["FunctionName"]))
        if not rep.check(fn is not None, f"{lid}: FunctionName {t.resolve(p['FunctionName'])!r} names a function"):
            continue
        lam = eng.lambda_client(fn.region, fn.account)
        try:
            policy = lam.get_policy(FunctionName=fn.name, **({"Qualifier": fn.qualifier} if fn.qualifier else {}))
            stmts = json.loads(policy["Policy"])["Statement"]
        except lam.exceptions.ResourceNotFoundException:
            stmts = []
        want_src = t.resolve(p.get("SourceArn")) if "SourceArn" in p else None
        want_principal = t.resolve(p["Principal"])

        def matches(s):
            cond = s.get("Condition", {})
            src = (cond.get("ArnLike", {}) or {}).get("AWS:SourceArn")
            principal = s.get("Principal", {})
            principal = principal.get("Service") if isinstance(principal, dict) else principal
            return (s.get("Action") == t.resolve(p["Action"]) and principal == want_principal
                    and src == want_src and s.get("Effect") == "Allow")
        rep.check(any(matches(s) for s in stmts),
                  f"{lid}: {fn} allows {want_principal} from {want_src}",
                  f"statements: {json.dumps(stmts)}")

    # outputs
    rep.section("outputs")
    outs = eng.cfn.describe_stacks(StackName=stack)["Stacks"][0].get("Outputs", [])
    got = {o["OutputKey"]: o.get("OutputValue") for o in outs}
    for key in sorted(t.body.get("Outputs", {})):
        rep.check(bool(got.get(key)), f"output {key} = {got.get(key)}")
    return stage_deployments


def verify_usage_plans(eng: "Engine", t: Template, rep: Report):
    """Each API key (get-api-key: name, enabled, a value the template never holds), usage
    plan (get-usage-plan: name, stages with their method throttling, throttle, quota) and
    usage-plan key (get-usage-plan-keys)."""
    keys = t.of_type("AWS::ApiGateway::ApiKey")
    plans = t.of_type("AWS::ApiGateway::UsagePlan")
    if not keys and not plans:
        return
    rep.section("API keys and usage plans (get-api-key, get-usage-plan, get-usage-plan-keys)")
    for lid in sorted(keys):
        p = t.props(lid)
        k = eng.apigw.get_api_key(apiKey=t.physical.get(lid), includeValue=True)
        exp = {"name": t.resolve(p["Name"]), "enabled": bool(p.get("Enabled", False))}
        rep.equal(project(k, exp), exp, f"{lid}: API key matches template")
        want = t.resolve(p["Value"]) if "Value" in p else None
        rep.check(bool(k.get("value")) and (want is None or k["value"] == want),
                  f"{lid}: has a value ({'the parameter' if want else 'generated'})")
    for lid in sorted(plans):
        p = t.props(lid)
        u = eng.apigw.get_usage_plan(usagePlanId=t.physical.get(lid))
        exp = {"name": p["UsagePlanName"],
               "apiStages": sorted(({"apiId": t.resolve(s["ApiId"]), "stage": t.resolve(s["Stage"]),
                                     **({"throttle": {k: {"burstLimit": v["BurstLimit"],
                                                          "rateLimit": float(v["RateLimit"])}
                                                      for k, v in s["Throttle"].items()}}
                                        if s.get("Throttle") else {})}
                                    for s in p.get("ApiStages", [])), key=json.dumps)}
        if "Throttle" in p:
            exp["throttle"] = {"burstLimit": p["Throttle"]["BurstLimit"],
                               "rateLimit": float(p["Throttle"]["RateLimit"])}
        if "Quota" in p:
            exp["quota"] = {"limit": p["Quota"]["Limit"], "offset": p["Quota"].get("Offset", 0),
                            "period": p["Quota"]["Period"]}
        act = project(u, exp)
        if "apiStages" in act:
            act["apiStages"] = sorted(act["apiStages"], key=json.dumps)
        rep.equal(act, exp, f"{lid}: usage plan matches template")
    for lid in sorted(t.of_type("AWS::ApiGateway::UsagePlanKey")):
        p = t.props(lid)
        plan = t.physical.get(t.logical_ref(p["UsagePlanId"]))
        key = t.physical.get(t.logical_ref(p["KeyId"]))
        got = [k["id"] for k in eng.apigw.get_usage_plan_keys(usagePlanId=plan)["items"]]
        rep.check(key in got, f"{lid}: usage plan {plan} holds key {key}", f"keys {got}")


def verify_domains(eng: "Engine", t: Template, rep: Report):
    """Each custom domain (get-domain-name), its base path mappings (get-base-path-mappings)
    and its Route 53 alias record (list-resource-record-sets); what the engine cannot check
    (the certificate, TLS and mutual TLS in effect, requests through the domain, a web ACL)
    is printed as NOT CHECKED."""
    domains = t.of_type("AWS::ApiGateway::DomainName")
    acls = t.of_type("AWS::WAFv2::WebACLAssociation")
    if domains:
        rep.section("custom domains (get-domain-name, get-base-path-mappings)")
    for lid in sorted(domains):
        p = t.props(lid)
        name = t.resolve(p["DomainName"])
        try:
            d = eng.apigw.get_domain_name(domainName=name)
        except eng.apigw.exceptions.NotFoundException:
            rep.check(False, f"{lid}: domain {name} exists")
            continue
        exp = {"domainName": name, "securityPolicy": p.get("SecurityPolicy"),
               "endpointConfiguration": {"types": p["EndpointConfiguration"]["Types"]}}
        certificate = ""
        for prop, key in (("RegionalCertificateArn", "regionalCertificateArn"),
                          ("CertificateArn", "certificateArn")):
            if prop in p:
                exp[key] = certificate = t.resolve(p[prop])
        rep.equal(project(d, exp), exp, f"{lid}: {name} matches template")
        if "MutualTlsAuthentication" in p:
            m = p["MutualTlsAuthentication"]
            want = {"truststoreUri": t.resolve(m["TruststoreUri"])}
            if "TruststoreVersion" in m:
                want["truststoreVersion"] = t.resolve(m["TruststoreVersion"])
            if d.get("mutualTlsAuthentication"):
                rep.equal(project(d["mutualTlsAuthentication"], want), want, f"{lid}: mutualTlsAuthentication")
            else:
                print(f"  NOT CHECKED  {lid}: mutualTlsAuthentication {json.dumps(want)}: LocalStack's "
                      "create_domain_name drops it (get-domain-name returns none)", flush=True)
        if p.get("Tags"):
            want = {tag["Key"]: tag["Value"] for tag in p["Tags"]}
            if d.get("tags"):
                rep.equal(d["tags"], want, f"{lid}: tags")
            else:
                print(f"  NOT CHECKED  {lid}: tags {want}: LocalStack's DomainName provider does not "
                      "store them (get-domain-name returns none)", flush=True)
        target = d.get("regionalDomainName") or d.get("distributionDomainName")
        rep.check(bool(target), f"{lid}: target {target}")
        t.attrs[(lid, "RegionalDomainName")] = d.get("regionalDomainName")
        t.attrs[(lid, "DistributionDomainName")] = d.get("distributionDomainName")
        got = {m.get("basePath"): m for m in eng.apigw.get_base_path_mappings(domainName=name).get("items", [])}
        mappings = {k: v for k, v in t.of_type("AWS::ApiGateway::BasePathMapping").items()
                    if t.logical_ref(v["Properties"].get("DomainName")) == lid}
        rep.equal(len(got), len(mappings), f"{lid}: number of base path mappings")
        for mlid in sorted(mappings):
            mp = t.props(mlid)
            path = mp.get("BasePath") or "(none)"
            stage_lid = t.logical_ref(mp.get("Stage"))
            exp = {"basePath": path, "restApiId": t.physical.get(t.logical_ref(mp["RestApiId"])),
                   "stage": t.resolve(t.props(stage_lid).get("StageName")) if stage_lid else t.resolve(mp.get("Stage"))}
            rep.equal(project(got.get(path) or {}, exp), exp, f"{mlid}: {name}/{path if path != '(none)' else ''} "
                      f"-> stage {exp['stage']}")
        print(f"  NOT CHECKED  {lid}: the certificate {certificate} and TLS "
              f"{p.get('SecurityPolicy')}{' with mutual TLS' if 'MutualTlsAuthentication' in p else ''} "
              "in effect, and requests through the domain: LocalStack neither checks ACM "
              "certificates nor routes requests by custom domain", flush=True)
    for lid in sorted(t.of_type("AWS::Route53::RecordSet")):
        p = t.props(lid)
        zone = t.resolve(p["HostedZoneId"])
        name = t.resolve(p["Name"]).rstrip(".") + "."
        records = eng.route53.list_resource_record_sets(HostedZoneId=zone)["ResourceRecordSets"]
        r = next((x for x in records if x["Name"] == name and x["Type"] == p["Type"]), None)
        if not rep.check(r is not None, f"{lid}: {p['Type']} record {name} in zone {zone}"):
            continue
        want = t.try_resolve(p["AliasTarget"]["DNSName"])
        got_target = (r.get("AliasTarget") or {}).get("DNSName", "").rstrip(".")
        rep.equal(got_target, (want or "").rstrip("."), f"{lid}: alias target is the domain's target")
    for lid in sorted(acls):
        print(f"  NOT CHECKED  {lid}: the web ACL {t.resolve(t.props(lid)['WebACLArn'])} on "
              f"{t.try_resolve(t.props(lid)['ResourceArn'])}: LocalStack community has no WAFv2 "
              "(the resource is created as a placeholder, CFN_IGNORE_UNSUPPORTED_RESOURCE_TYPES)",
              flush=True)


def verify_stage_settings(eng: "Engine", t: Template, rep: Report, lid: str, p: dict, s: dict):
    """Tracing, access logs (and their log group), the cache cluster, and the account's
    CloudWatch role, as get-stage, logs describe-log-groups and get-account return them."""
    if "TracingEnabled" in p:
        rep.equal(bool(s.get("tracingEnabled")), p["TracingEnabled"], f"{lid}: tracingEnabled")
    if "CacheClusterEnabled" in p:
        rep.equal(bool(s.get("cacheClusterEnabled")), p["CacheClusterEnabled"], f"{lid}: cacheClusterEnabled")
    if "CacheClusterSize" in p:
        rep.equal(s.get("cacheClusterSize"), p["CacheClusterSize"], f"{lid}: cacheClusterSize")
    canary = p.get("CanarySetting")
    if canary:
        got_canary = s.get("canarySettings") or {}
        if got_canary:
            rep.equal(float(got_canary.get("percentTraffic", -1)), float(canary["PercentTraffic"]),
                      f"{lid}: canarySettings.percentTraffic")
            rep.equal(got_canary.get("stageVariableOverrides") or {},
                      canary.get("StageVariableOverrides") or {},
                      f"{lid}: canarySettings.stageVariableOverrides")
        else:
            print(f"  NOT CHECKED  {lid}: CanarySetting {json.dumps(canary)}: LocalStack's Stage provider "
                  "drops it (it keeps the key `canarySettings`, the API's name, of the lower-cased "
                  "CloudFormation properties, where the property is `CanarySetting`)", flush=True)
    if p.get("Tags"):
        want = {tag["Key"]: tag["Value"] for tag in p["Tags"]}
        got_tags = s.get("tags") or {}
        if got_tags:
            rep.equal(got_tags, want, f"{lid}: tags")
        else:
            print(f"  NOT CHECKED  {lid}: tags {want}: LocalStack's Stage provider does not pass "
                  "them to create_stage", flush=True)
    settings = p.get("AccessLogSetting")
    got = s.get("accessLogSettings") or {}
    if not settings:
        rep.check(not got.get("destinationArn"), f"{lid}: no access log destination", json.dumps(got))
    else:
        want = t.resolve(settings["DestinationArn"])
        rep.equal(got.get("destinationArn"), want, f"{lid}: accessLogSettings.destinationArn")
        rep.equal(got.get("format"), settings["Format"], f"{lid}: accessLogSettings.format")
        json.loads(re.sub(r"\$context\.[A-Za-z.]+", "0", got.get("format") or "{}"))
        group = t.logical_ref_in_sub(settings["DestinationArn"])
        if group and group in t.of_type("AWS::Logs::LogGroup"):
            name = t.physical.get(group)
            rep.check(bool(name) and want.endswith(f":log-group:{name}"),
                      f"{lid}: logs to the stack's log group {group} ({name})")
            found = eng.logs.describe_log_groups(logGroupNamePrefix=name or "-").get("logGroups", [])
            g = next((x for x in found if x["logGroupName"] == name), None)
            if rep.check(g is not None, f"{group}: log group {name} exists"):
                gp = t.props(group)
                for prop, key in (("RetentionInDays", "retentionInDays"), ("KmsKeyId", "kmsKeyId")):
                    if prop not in gp:
                        continue
                    if key in g:
                        rep.equal(g.get(key), t.resolve(gp[prop]), f"{group}: {key}")
                    else:
                        print(f"  NOT CHECKED  {group}: {prop} {t.resolve(gp[prop])}: LocalStack's "
                              "AWS::Logs::LogGroup provider creates the group by name only", flush=True)
    if p.get("MethodSettings"):
        print(f"  NOT CHECKED  {lid}: {len(p['MethodSettings'])} MethodSettings entries "
              "(LocalStack's Stage provider does not apply them; see the list at the end)", flush=True)
    for acc in sorted(t.of_type("AWS::ApiGateway::Account")):
        role = t.logical_ref(t.props(acc).get("CloudWatchRoleArn"))
        account = eng.apigw.get_account()
        arn = account.get("cloudwatchRoleArn")
        rep.check(bool(arn) and role is not None and arn.endswith(f":role/{t.physical.get(role)}"),
                  f"{acc}: the account's cloudwatchRoleArn is the stack's role {role} ({arn})")


# --------------------------------------------------------------------------- update scenario
def derive_update(body: dict) -> tuple[dict, str, str]:
    """Changes the integration target of one AWS_PROXY method and renames the Deployment
    logical id (as a content-hash suffix would change). Returns (template, method lid, new fn)."""
    new = copy.deepcopy(body)
    res = new["Resources"]
    proxies = sorted(lid for lid, r in res.items() if r.get("Type") == "AWS::ApiGateway::Method"
                     and r.get("Properties", {}).get("Integration", {}).get("Type") == "AWS_PROXY")
    if not proxies:
        raise SystemExit("no AWS_PROXY method to modify; pass --update-template or --no-update")
    lid = proxies[0]
    integ = res[lid]["Properties"]["Integration"]
    uri = integ["Uri"]
    text = uri["Fn::Sub"] if isinstance(uri, dict) and isinstance(uri.get("Fn::Sub"), str) else uri
    if not isinstance(text, str) or not (m := re.search(r":function:([A-Za-z0-9_-]+)", text)):
        raise SystemExit(f"cannot rewrite integration Uri of {lid}; pass --update-template")
    new_fn = m.group(1) + "-engine-upd"
    text = text.replace(f":function:{m.group(1)}", f":function:{new_fn}", 1)
    integ["Uri"] = {"Fn::Sub": text} if isinstance(uri, dict) else text
    deps = [k for k, r in res.items() if r.get("Type") == "AWS::ApiGateway::Deployment"]
    for old in deps:
        new_id = re.sub(r"[0-9a-fA-F]{6,}$", "", old) + "EngineUpd"
        res[new_id] = res.pop(old)
        rename_refs(new, old, new_id)
    return new, lid, new_fn


def rename_refs(node, old: str, new: str):
    if isinstance(node, dict):
        for k, v in list(node.items()):
            if k == "Ref" and v == old:
                node[k] = new
            elif k == "Fn::GetAtt" and isinstance(v, list) and v and v[0] == old:
                v[0] = new
            elif k == "Fn::GetAtt" and isinstance(v, str) and v.split(".")[0] == old:
                node[k] = new + v[len(old):]
            elif k == "DependsOn" and (v == old or (isinstance(v, list) and old in v)):
                node[k] = new if v == old else [new if x == old else x for x in v]
            elif k == "Fn::Sub":
                if isinstance(v, str):
                    node[k] = v.replace("${" + old + "}", "${" + new + "}").replace("${" + old + ".", "${" + new + ".")
                else:
                    v[0] = v[0].replace("${" + old + "}", "${" + new + "}").replace("${" + old + ".", "${" + new + ".")
                    rename_refs(v[1], old, new)
            else:
                rename_refs(v, old, new)
    elif isinstance(node, list):
        for x in node:
            rename_refs(x, old, new)


# --------------------------------------------------------------------------- main
def parse_params(body: dict, given: list[str], rep: Report) -> dict[str, str]:
    """Parameter values: --param K=V, else the Default, else by the parameter's role in the
    template: a user pool ARN (Authorizer ProviderARNs) gets the dummy pool, a Lambda function
    ARN (Permission FunctionName, integration Uri) the ARN of a placeholder function named
    after the parameter, which ensure_functions then creates."""
    params = {}
    for kv in given:
        k, _, v = kv.partition("=")
        params[k] = v
    probe = Template(body, {}, "")
    pools, functions = probe.user_pool_parameters(), probe.function_parameters()
    for name, spec in body.get("Parameters", {}).items():
        if name in params:
            continue
        if "Default" in spec:
            params[name] = str(spec["Default"])
        elif name in pools or ("userpool" in name.lower() and name.lower().endswith("arn")):
            params[name] = DUMMY_USER_POOL_ARN
            rep.info(f"parameter {name} = the dummy user pool {DUMMY_USER_POOL_ARN}")
        elif name in functions:
            params[name] = Function(REGION, ACCOUNT_ID, name, None).arn()
            rep.info(f"parameter {name} = {params[name]} (a placeholder function)")
        else:
            raise SystemExit(f"parameter {name} has no default: pass --param {name}=VALUE")
    return params


def template_source(eng: Engine, path: Path, stack: str, rep: Report) -> list[str]:
    """`--template-body file://...`, or above CloudFormation's 51,200-byte inline limit an
    upload to S3 and `--template-url`, as `aws cloudformation deploy --s3-bucket` does."""
    size = path.stat().st_size
    if size <= INLINE_TEMPLATE_LIMIT:
        return ["--template-body", f"file://{path.resolve()}"]
    rep.info(f"{path.name} is {size} bytes (> {INLINE_TEMPLATE_LIMIT}): passed by S3 URL")
    if eng.aws("s3api", "head-bucket", "--bucket", TEMPLATE_BUCKET, check=False).returncode != 0:
        eng.aws("s3api", "create-bucket", "--bucket", TEMPLATE_BUCKET)
    key = f"{stack}/{path.name}"
    eng.aws("s3", "cp", "--only-show-errors", str(path), f"s3://{TEMPLATE_BUCKET}/{key}")
    return ["--template-url", f"{eng.endpoint}/{TEMPLATE_BUCKET}/{key}"]


def cli_params(params: dict[str, str], template: dict) -> list[str]:
    declared = template.get("Parameters", {})
    out = [f"ParameterKey={k},ParameterValue={v}" for k, v in params.items() if k in declared]
    return ["--parameters", *out] if out else []


def capabilities(body: dict) -> list[str]:
    """`--capabilities CAPABILITY_IAM` for a template with IAM resources, as AWS requires."""
    iam = any(r.get("Type", "").startswith("AWS::IAM::") for r in body.get("Resources", {}).values())
    return ["--capabilities", "CAPABILITY_IAM"] if iam else []


def run(args, eng: Engine, tmp: Path) -> Report:
    rep = Report()
    body = json.loads(Path(args.template).read_text())
    params = parse_params(body, args.param, rep)
    t = Template(body, params, args.stack_name)
    timings = {}

    rep.section(f"deploy {args.template} as stack {args.stack_name} on {eng.endpoint}")
    ensure_functions(eng, t.referenced_functions(), tmp, rep)
    if eng.stack_status(args.stack_name):
        rep.info(f"stack {args.stack_name} exists: deleting it first")
        eng.aws("cloudformation", "delete-stack", "--stack-name", args.stack_name)
        eng.wait_stack(args.stack_name)
    t0 = time.monotonic()
    eng.aws("cloudformation", "create-stack", "--stack-name", args.stack_name,
            *template_source(eng, Path(args.template), args.stack_name, rep), *cli_params(params, body),
            *capabilities(body))
    status = eng.wait_stack(args.stack_name)
    timings["create"] = time.monotonic() - t0
    if not rep.check(status == "CREATE_COMPLETE", f"create-stack -> {status} ({timings['create']:.1f} s)"):
        eng.print_failure_events(args.stack_name)
        return rep
    before = verify(eng, t, rep)

    if not args.no_update:
        rep.section("update-stack with a modified template")
        if args.update_template:
            upd_path = Path(args.update_template)
            new_body = json.loads(upd_path.read_text())
        else:
            new_body, changed, new_fn = derive_update(body)
            rep.info(f"modified: {changed} integration -> function {new_fn}; Deployment logical id renamed")
            upd_path = tmp / "update.template.json"
            upd_path.write_text(json.dumps(new_body, indent=2))
        upd_params = parse_params(new_body, args.param, rep)
        upd = Template(new_body, upd_params, args.stack_name)
        upd.limits = engine_limits(body, new_body)
        for lid, why in sorted(upd.limits.items()):
            rep.info(f"this update runs into an engine limit at {lid}: {why}")
        ensure_functions(eng, upd.referenced_functions(), tmp, rep)
        t0 = time.monotonic()
        eng.aws("cloudformation", "update-stack", "--stack-name", args.stack_name,
                *template_source(eng, upd_path, args.stack_name, rep), *cli_params(upd_params, new_body),
                *capabilities(new_body))
        status = eng.wait_stack(args.stack_name)
        timings["update"] = time.monotonic() - t0
        if rep.check(status == "UPDATE_COMPLETE", f"update-stack -> {status} ({timings['update']:.1f} s)"):
            after = verify(eng, upd, rep)
            rep.section("update effects")
            for stage_lid, dep in sorted(after.items()):
                rep.check(dep != before.get(stage_lid),
                          f"{stage_lid}: new deployment {dep} (was {before.get(stage_lid)})")
            old_deps = {v for k, v in t.physical.items()
                        if t.resources.get(k, {}).get("Type") == "AWS::ApiGateway::Deployment"}
            for api_lid in upd.of_type("AWS::ApiGateway::RestApi"):
                live = {d["id"] for d in eng.apigw.get_deployments(restApiId=upd.physical[api_lid])["items"]}
                gone = old_deps - set(upd.physical.values())
                rep.check(not (gone & live), f"replaced deployment(s) {sorted(gone)} deleted")
            rep.section("update-stack with the same template again")
            cp = eng.aws("cloudformation", "update-stack", "--stack-name", args.stack_name,
                         *template_source(eng, upd_path, args.stack_name, rep), *cli_params(upd_params, new_body),
                         *capabilities(new_body), check=False)
            rep.check(cp.returncode != 0 and "No updates are to be performed" in cp.stderr,
                      "no-op update reports 'No updates are to be performed'",
                      f"rc={cp.returncode} stderr={cp.stderr.strip()} stdout={cp.stdout.strip()}")
            rep.check(eng.stack_status(args.stack_name) == "UPDATE_COMPLETE", "stack still UPDATE_COMPLETE")
        else:
            eng.print_failure_events(args.stack_name)

    if not args.keep_stack:
        rep.section("delete-stack")
        t0 = time.monotonic()
        eng.aws("cloudformation", "delete-stack", "--stack-name", args.stack_name)
        status = eng.wait_stack(args.stack_name)
        timings["delete"] = time.monotonic() - t0
        if rep.check(status == "DELETE_COMPLETE", f"delete-stack -> {status} ({timings['delete']:.1f} s)"):
            for api_lid in t.of_type("AWS::ApiGateway::RestApi"):
                try:
                    eng.apigw.get_rest_api(restApiId=t.physical[api_lid])
                    rep.check(False, f"RestApi {t.physical[api_lid]} removed")
                except eng.apigw.exceptions.NotFoundException:
                    rep.check(True, f"RestApi {t.physical[api_lid]} removed")
        else:
            eng.print_failure_events(args.stack_name)
    rep.timings = timings
    return rep


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("template")
    ap.add_argument("--stack-name", default=None, help="default: derived from the file name")
    ap.add_argument("--param", action="append", default=[], metavar="K=V")
    ap.add_argument("--state-dir", type=Path, default=None, help="engine state dir (see harness.py)")
    ap.add_argument("--start-engine", action="store_true", help="start a private engine and stop it afterwards")
    ap.add_argument("--update-template", default=None, help="template for the update step (default: derived)")
    ap.add_argument("--no-update", action="store_true", help="skip the update-stack steps")
    ap.add_argument("--keep-stack", action="store_true", help="do not delete the stack at the end")
    args = ap.parse_args(argv)
    if not args.stack_name:
        stem = Path(args.template).name.split(".")[0]
        args.stack_name = re.sub(r"[^A-Za-z0-9-]", "-", stem).strip("-")[:100] or "engine-check"
        if not args.stack_name[0].isalpha():
            args.stack_name = "s-" + args.stack_name

    t_all = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="deploy-check-") as tmpd:
        tmp = Path(tmpd)
        state_dir = tmp / "engine" if args.start_engine else args.state_dir
        started = False
        try:
            if args.start_engine:
                st = harness.start(state_dir)
                started = True
                print(f"engine started: pid {st['pid']} at {st['endpoint']} ({st.get('startup_seconds')} s)")
            st = harness.load_state(state_dir)
            if not st or not harness.health(st["endpoint"]):
                print("no running engine: run `tests/engine/harness.py start` or pass --start-engine", file=sys.stderr)
                return 2
            eng = Engine(st["endpoint"])
            rep = run(args, eng, tmp)
            rep.section("engine")
            addresses = harness.listeners(st)
            rep.check(bool(addresses) and not harness.non_loopback(addresses),
                      f"the engine listens on loopback only: {', '.join(addresses)}")
        finally:
            if started:
                if os.environ.get("ENGINE_KEEP_LOG"):
                    log = Path(state_dir) / "engine.log"
                    if log.exists():
                        Path(os.environ["ENGINE_KEEP_LOG"]).write_bytes(log.read_bytes())
                harness.stop(state_dir)

    print("\n== NOT CHECKED (the local engine cannot check these)")
    for item in NOT_CHECKED:
        print(f"  NOT CHECKED  {item}")
    timings = getattr(rep, "timings", {})
    total = time.monotonic() - t_all
    print("\n== timings: " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()) + f", total {total:.1f} s")
    verdict = "PASS" if rep.failed == 0 and rep.passed > 0 else "FAIL"
    print(f"deploy_check {Path(args.template).name}: {verdict}")
    print(f"{rep.passed} passed, {rep.failed} failed")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
