#!/usr/bin/env python3
"""Package and deploy a split (nested-stack) apigw-synth output into the local engine, then
check every method of the API on the deployed REST API.

Usage (the engine already started by harness.py with the same --state-dir):
    .venv-engine/bin/python tests/engine/nested_check.py --state-dir DIR \\
        --parent out/<stack>/<stack>.template.json --stack-name NAME \\
        --expected methods.json [--param Key=Value]...

methods.json is a list of {"path": "/a/{id}", "method": "GET", "authorizer": "users" | null};
null means authorizationType NONE (the CORS preflights).

Steps: create an S3 bucket in the engine; create a placeholder Lambda function for every
function name the templates grant invoke permission to; `aws cloudformation package` (uploads
the nested templates to the bucket and rewrites their TemplateURLs); `aws cloudformation
deploy` of the packaged parent; then read back the stacks and the API. The last lines are
`N passed, M failed` and what the engine could not check. Exit status 0 only if all passed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

import boto3  # noqa: E402

BUCKET = "apigw-synth-packages"
LAMBDA_ROLE = f"arn:aws:iam::{harness.ACCOUNT_ID}:role/lambda"

NOT_CHECKED = [
    "Cognito authorizer enforcement (no Cognito in the community engine): only each method's "
    "authorizationType and authorizerId are checked",
    "Lambda execution (no Docker): the functions are placeholders; AWS_PROXY methods are "
    "checked by configuration, and only the MOCK preflights are called over HTTP",
    "the 500-resources-per-template and 1 MB limits: the engine does not enforce them",
    "S3 TemplateURL access rules and cross-account packaging: the engine's S3 is open",
    "Lambda resource policies: the permissions are created, their statements are not compared "
    "(tests/engine/deploy_check.py compares them for single-template stacks)",
    "API Gateway throttling of a large create (429 Too Many Requests on AWS): the engine "
    "does not throttle",
]


class Report:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, ok: bool, what: str, detail: str = "") -> bool:
        if ok:
            self.passed += 1
            print(f"  ok    {what}")
        else:
            self.failed += 1
            print(f"  FAIL  {what}" + (f": {detail}" if detail else ""))
        return ok


def run(cmd: list[str], env: dict, what: str, rep: Report) -> bool:
    start = time.monotonic()
    cp = subprocess.run(cmd, env=env, capture_output=True, text=True)
    took = time.monotonic() - start
    return rep.check(cp.returncode == 0, f"{what} ({took:.1f} s)", (cp.stdout + cp.stderr)[-2000:])


def function_names(templates: list[dict]) -> set[str]:
    names = set()
    for t in templates:
        for r in t.get("Resources", {}).values():
            if r.get("Type") == "AWS::Lambda::Permission":
                name = r["Properties"].get("FunctionName")
                if isinstance(name, str):
                    names.add(name)
    return names


def placeholder_zip(tmp: Path) -> bytes:
    z = tmp / "placeholder.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("index.py", "def handler(event, context):\n    return {'statusCode': 200}\n")
    return z.read_bytes()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--state-dir", type=Path, required=True)
    ap.add_argument("--parent", type=Path, required=True)
    ap.add_argument("--stack-name", required=True)
    ap.add_argument("--expected", type=Path, required=True)
    ap.add_argument("--param", action="append", default=[])
    args = ap.parse_args(argv)

    state = harness.load_state(args.state_dir)
    if state is None:
        print(f"no engine recorded in {args.state_dir}; start it with harness.py start")
        return 2
    env = {**os.environ, **harness.aws_env(state)}
    endpoint = env["AWS_ENDPOINT_URL"]
    aws = [str(Path(sys.executable).parent / "aws"), "--endpoint-url", endpoint, "--region", harness.REGION]
    session = boto3.session.Session(
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        region_name=harness.REGION,
    )
    client = lambda name: session.client(name, endpoint_url=endpoint)  # noqa: E731
    cfn, apigw, lam, s3 = client("cloudformation"), client("apigateway"), client("lambda"), client("s3")

    folder = args.parent.parent
    templates = {p.name: json.loads(p.read_text()) for p in sorted(folder.glob("*.template.json"))}
    parent = templates[args.parent.name]
    nested = sorted(
        r["Properties"]["TemplateURL"]
        for r in parent["Resources"].values()
        if r["Type"] == "AWS::CloudFormation::Stack"
    )
    expected = json.loads(args.expected.read_text())
    rep = Report()
    print(f"== {args.stack_name}: parent {args.parent} with {len(nested)} nested templates, "
          f"{len(expected)} methods expected")

    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        s3.create_bucket(Bucket=BUCKET)
        code = placeholder_zip(tmp)
        names = sorted(function_names(list(templates.values())))

        def create(name):
            try:
                lam.create_function(FunctionName=name, Runtime="python3.12", Role=LAMBDA_ROLE,
                                    Handler="index.handler", Code={"ZipFile": code})
                return None
            except lam.exceptions.ResourceConflictException:
                return None
            except Exception as e:  # reported, not raised: the deploy step shows the effect
                return str(e)

        with ThreadPoolExecutor(max_workers=8) as pool:
            errors = [e for e in pool.map(create, names) if e]
        rep.check(not errors, f"{len(names)} placeholder Lambda functions created", "; ".join(errors[:3]))

        packaged = tmp / "packaged.json"
        if not run(aws + ["cloudformation", "package", "--template-file", str(args.parent),
                          "--s3-bucket", BUCKET, "--output-template-file", str(packaged), "--use-json"],
                   env, "aws cloudformation package", rep):
            return finish(rep)
        body = json.loads(packaged.read_text())
        urls = [r["Properties"]["TemplateURL"] for r in body["Resources"].values()
                if r["Type"] == "AWS::CloudFormation::Stack"]
        rep.check(len(urls) == len(nested) and all(u.startswith(endpoint + "/" + BUCKET + "/") for u in urls),
                  "package uploaded every nested template to the bucket and rewrote its TemplateURL",
                  f"{urls[:2]}")
        uploaded = s3.list_objects_v2(Bucket=BUCKET).get("KeyCount", 0)
        rep.check(uploaded >= len(nested), f"{uploaded} objects in the bucket (>= {len(nested)})")

        deploy = aws + ["cloudformation", "deploy", "--template-file", str(packaged),
                        "--stack-name", args.stack_name, "--s3-bucket", BUCKET]
        if args.param:
            deploy += ["--parameter-overrides", *args.param]
        if not run(deploy, env, "aws cloudformation deploy of the packaged parent", rep):
            print_failures(cfn, args.stack_name)
            return finish(rep)

    verify(cfn, apigw, args.stack_name, len(nested), expected, endpoint, rep)
    return finish(rep)


def print_failures(cfn, stack: str):
    for s in cfn.list_stacks()["StackSummaries"]:
        if s["StackName"].startswith(stack) and "FAILED" in s["StackStatus"]:
            for e in cfn.describe_stack_events(StackName=s["StackId"])["StackEvents"]:
                if "FAILED" in e["ResourceStatus"] and e.get("ResourceStatusReason"):
                    print(f"    {s['StackName']}: {e['LogicalResourceId']}: {e['ResourceStatusReason'][:300]}")


def verify(cfn, apigw, stack: str, nested_count: int, expected: list, endpoint: str, rep: Report):
    resources = cfn.describe_stack_resources(StackName=stack)["StackResources"]
    children = sorted((r for r in resources if r["ResourceType"] == "AWS::CloudFormation::Stack"),
                      key=lambda r: r["LogicalResourceId"])
    rep.check(len(children) == nested_count, f"{len(children)} nested stacks (expected {nested_count})")
    for child in children:
        status = cfn.describe_stacks(StackName=child["PhysicalResourceId"])["Stacks"][0]["StackStatus"]
        rep.check(status == "CREATE_COMPLETE" or status == "UPDATE_COMPLETE",
                  f"nested stack {child['LogicalResourceId']} is {status}")
    outputs = {o["OutputKey"]: o["OutputValue"] for o in cfn.describe_stacks(StackName=stack)["Stacks"][0]["Outputs"]}
    api_id = outputs.get("RestApiId")
    if not rep.check(bool(api_id), "the parent's RestApiId output names the API"):
        return

    authorizers = {a["name"]: a["id"] for a in apigw.get_authorizers(restApiId=api_id)["items"]}
    deployed = {}
    paths = {}
    for page in apigw.get_paginator("get_resources").paginate(restApiId=api_id, embed=["methods"]):
        for r in page["items"]:
            paths[r["path"]] = r["id"]
            for verb, m in (r.get("resourceMethods") or {}).items():
                deployed[(r["path"], verb)] = m
    want = {(e["path"], e["method"]): e["authorizer"] for e in expected}
    missing = sorted(set(want) - set(deployed))
    extra = sorted(set(deployed) - set(want))
    rep.check(not missing, f"all {len(want)} methods exist on the deployed API", f"missing {missing[:5]}")
    rep.check(not extra, "no method that the stack file does not declare", f"extra {extra[:5]}")
    wrong = []
    for key, authorizer in want.items():
        m = deployed.get(key)
        if m is None:
            continue
        if authorizer is None:
            if m.get("authorizationType") != "NONE":
                wrong.append(f"{key}: {m.get('authorizationType')}")
        elif m.get("authorizationType") != "COGNITO_USER_POOLS" or m.get("authorizerId") != authorizers.get(authorizer):
            wrong.append(f"{key}: {m.get('authorizationType')} {m.get('authorizerId')}")
    rep.check(not wrong, "every method has its authorizer (COGNITO_USER_POOLS with the authorizer's id; "
              "preflights NONE)", "; ".join(wrong[:5]))

    # The stage serves a snapshot of the deployment: every preflight must answer there, which
    # shows the Deployment came after the methods of every nested stack.
    stages = apigw.get_stages(restApiId=api_id)["item"]
    if not rep.check(len(stages) == 1, "one stage"):
        return
    stage = stages[0]["stageName"]
    unanswered = []
    preflights = sorted(p for (p, v) in want if v == "OPTIONS")
    for path in preflights:
        url = f"{endpoint}/_aws/execute-api/{api_id}/{stage}{sample_path(path)}"
        req = urllib.request.Request(url, method="OPTIONS", headers={"Origin": "https://example.com",
                                                                      "Access-Control-Request-Method": "GET"})
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                ok = resp.status in (200, 204) and resp.headers.get("Access-Control-Allow-Origin")
        except urllib.error.HTTPError as e:
            ok = False
            resp = e
        if not ok:
            unanswered.append(f"{path}: {getattr(resp, 'status', '?')}")
    rep.check(not unanswered, f"the stage answers all {len(preflights)} CORS preflights with CORS headers",
              "; ".join(unanswered[:5]))


def sample_path(path: str) -> str:
    return "/".join("x1" if p.startswith("{") else p for p in path.split("/"))


def finish(rep: Report) -> int:
    print("NOT CHECKED (the engine cannot):")
    for line in NOT_CHECKED:
        print(f"  - {line}")
    print(f"{rep.passed} passed, {rep.failed} failed")
    return 0 if rep.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
