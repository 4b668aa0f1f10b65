"""Policy checks on the GitHub Actions workflows and Dependabot settings.

Everything here runs offline: PyYAML for the policy checks, check-jsonschema's
bundled schemas, and zizmor in --offline mode (both installed from uv.lock).

Each policy check is a function that takes a directory and returns a list of
problems, so that the tests at the bottom can feed it a broken workflow in a
temporary directory and prove that the check really fails.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
GITHUB = ROOT / ".github"
WORKFLOWS = GITHUB / "workflows"
DEPENDABOT = GITHUB / "dependabot.yml"
ISSUE_TEMPLATES = GITHUB / "ISSUE_TEMPLATE"

FULL_SHA_PIN = re.compile(r"^[^@\s]+@[0-9a-f]{40}$")
DOCKER_DIGEST_PIN = re.compile(r"^docker://[^@\s]+@sha256:[0-9a-f]{64}$")
VERSION_COMMENT = re.compile(r"#\s*v\d+(?:\.\d+)*\b")
DIGEST_IMAGE = re.compile(r"^[^@\s]+@sha256:[0-9a-f]{64}$")
CI_IMAGE = GITHUB / "ci-image" / "Dockerfile"  # the digest Dependabot keeps fresh
BOT = "app/github-actions"


# --------------------------------------------------------------------------
# helpers


def workflow_files(directory: Path = WORKFLOWS) -> list[Path]:
    return sorted([*directory.glob("*.yml"), *directory.glob("*.yaml")])


def tool(name: str) -> str:
    """A console script from the same environment as this Python, else PATH."""
    beside = Path(sys.executable).parent / name
    if beside.is_file():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"`{name}` is not installed: run `make install` (it is in uv.lock)")
    return found


def run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path}: not a YAML mapping"
    return data


def _uses_nodes(node: yaml.Node):
    """Every scalar value of a `uses:` key anywhere in the document."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if (
                isinstance(key, yaml.ScalarNode)
                and key.value == "uses"
                and isinstance(value, yaml.ScalarNode)
            ):
                yield value
            else:
                yield from _uses_nodes(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _uses_nodes(item)


def _jobs(path: Path) -> dict:
    jobs = load(path).get("jobs")
    assert isinstance(jobs, dict) and jobs, f"{path}: no jobs"
    return jobs


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


# --------------------------------------------------------------------------
# policy checks (each returns a list of problems)


def unpinned_uses(directory: Path) -> list[str]:
    """`uses:` that is not pinned to a full commit SHA with a `# vX` comment.

    Local actions (`./...`) are exempt; `docker://` images need a sha256 digest.
    """
    problems = []
    for path in workflow_files(directory):
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        for node in _uses_nodes(yaml.compose(text)):
            ref = node.value.strip()
            lineno = node.start_mark.line + 1
            where = f"{_rel(path)}:{lineno}: {ref}"
            if ref.startswith("./"):
                continue
            if ref.startswith("docker://"):
                if not DOCKER_DIGEST_PIN.match(ref):
                    problems.append(f"{where} -- docker image not pinned by sha256 digest")
                continue
            if not FULL_SHA_PIN.match(ref):
                problems.append(f"{where} -- not pinned to a full 40-hex commit SHA")
            elif not VERSION_COMMENT.search(lines[node.start_mark.line]):
                problems.append(f"{where} -- no version comment such as `# v4.3.0`")
    return problems


def inconsistent_pins(directory: Path) -> list[str]:
    """The same action pinned to different commits in different places."""
    seen: dict[str, dict[str, str]] = {}
    for path in workflow_files(directory):
        text = path.read_text(encoding="utf-8")
        for node in _uses_nodes(yaml.compose(text)):
            ref = node.value.strip()
            if "@" in ref and not ref.startswith(("./", "docker://")):
                action, sha = ref.rsplit("@", 1)
                where = f"{_rel(path)}:{node.start_mark.line + 1}"
                seen.setdefault(action, {}).setdefault(sha, where)
    return [
        f"{action} is pinned to {len(shas)} different commits: {shas}"
        for action, shas in sorted(seen.items())
        if len(shas) > 1
    ]


def permission_and_timeout_problems(directory: Path) -> list[str]:
    """Top-level `permissions: {}`, `timeout-minutes` on every job, and
    `persist-credentials: false` on every actions/checkout step."""
    problems = []
    for path in workflow_files(directory):
        name = _rel(path)
        workflow = load(path)
        if "permissions" not in workflow or workflow["permissions"] != {}:
            problems.append(
                f"{name}: top-level `permissions: {{}}` is missing "
                f"(found {workflow.get('permissions', '<nothing>')!r})"
            )
        for job_id, job in _jobs(path).items():
            if "uses" in job:  # a reusable-workflow call cannot set a timeout
                continue
            if "timeout-minutes" not in job:
                problems.append(f"{name}: job `{job_id}` has no `timeout-minutes`")
            if job.get("permissions") in ("write-all", "read-all"):
                problems.append(f"{name}: job `{job_id}` uses blanket `{job['permissions']}`")
            for index, step in enumerate(job.get("steps") or []):
                uses = str(step.get("uses", ""))
                if uses.startswith("actions/checkout@"):
                    persist = (step.get("with") or {}).get("persist-credentials")
                    if persist is not False and str(persist).lower() != "false":
                        problems.append(
                            f"{name}: job `{job_id}` step {index + 1} checks out "
                            "without `persist-credentials: false`"
                        )
    return problems


def expressions_in_run_scripts(directory: Path) -> list[str]:
    """`${{ }}` expanded inside a `run:` script (pass values through `env:`)."""
    problems = []
    for path in workflow_files(directory):
        for job_id, job in _jobs(path).items():
            for index, step in enumerate(job.get("steps") or []):
                if "${{" in str(step.get("run", "")):
                    problems.append(
                        f"{_rel(path)}: job `{job_id}` step {index + 1} "
                        "expands `${{ }}` inside `run:`; pass it through `env:`"
                    )
    return problems


def container_images(directory: Path) -> list[tuple[str, str]]:
    """(where, image) for every job `container:` and `services:` image."""
    found = []
    for path in workflow_files(directory):
        for job_id, job in _jobs(path).items():
            container = job.get("container")
            if container is not None:
                image = container if isinstance(container, str) else (container or {}).get("image", "")
                found.append((f"{_rel(path)}: job `{job_id}` container", str(image)))
            for name, service in (job.get("services") or {}).items():
                image = service if isinstance(service, str) else (service or {}).get("image", "")
                found.append((f"{_rel(path)}: job `{job_id}` service `{name}`", str(image)))
    return found


def unpinned_images(directory: Path) -> list[str]:
    """Container and service images not pinned by an @sha256: digest."""
    return [f"{where}: {image} -- not pinned by @sha256: digest"
            for where, image in container_images(directory) if not DIGEST_IMAGE.match(image.strip())]


def _issue_steps(directory: Path):
    """(where, step) for every step that writes to an issue with gh."""
    for path in workflow_files(directory):
        for job_id, job in _jobs(path).items():
            for index, step in enumerate(job.get("steps") or []):
                if re.search(r"\bgh issue (comment|edit|create)\b", str(step.get("run", ""))):
                    yield f"{_rel(path)}: job `{job_id}` step {index + 1}", step


def tracking_issue_problems(directory: Path) -> list[str]:
    """A tracking issue is found by its title AND its author (this workflow),
    never by title alone: an outsider could open an issue with that title."""
    problems = []
    for where, step in _issue_steps(directory):
        script = str(step.get("run", ""))
        if "gh issue list" not in script:
            continue
        if f"--author {BOT}" not in script:
            problems.append(f"{where}: `gh issue list` without `--author {BOT}`")
        if f'.author.login == "{BOT}"' not in script:
            problems.append(f"{where}: the jq filter does not check `.author.login == \"{BOT}\"`")
    return problems


def unfenced_reports(directory: Path) -> list[str]:
    """Text from another job (a report, a list) goes into an issue inside a
    code fence longer than any backtick run in it, so it cannot break out."""
    problems = []
    for where, step in _issue_steps(directory):
        script = str(step.get("run", ""))
        for name, value in (step.get("env") or {}).items():
            if "needs." not in str(value) or f'"${name}"' not in script:
                continue
            measured = re.search(rf"\"\${name}\".*grep -o '`", script)
            if not measured or 'echo "${fence}' not in script or 'echo "$fence"' not in script:
                problems.append(f"{where}: ${name} is not put inside a fence longer than its backtick runs")
    return problems


def check_jsonschema(schema: str, files: list[Path]) -> subprocess.CompletedProcess[str]:
    return run(
        [tool("check-jsonschema"), "--builtin-schema", schema, *map(str, files)]
    )


def zizmor(*inputs: Path) -> subprocess.CompletedProcess[str]:
    return run(
        [
            tool("zizmor"),
            "--offline",
            "--format",
            "plain",
            "--color",
            "never",
            "--no-progress",
            *map(str, inputs),
        ]
    )


# --------------------------------------------------------------------------
# the checks on this repository


def test_there_are_workflows():
    names = {path.name for path in workflow_files()}
    assert {"ci.yml", "scheduled.yml"} <= names, names


def test_every_action_is_pinned_to_a_full_commit_sha():
    problems = unpinned_uses(WORKFLOWS)
    assert not problems, "Unpinned actions:\n" + "\n".join(problems)


def test_each_action_is_pinned_to_the_same_commit_everywhere():
    problems = inconsistent_pins(WORKFLOWS)
    assert not problems, "\n".join(problems)


def test_the_readme_lists_every_pinned_action_with_its_sha_and_version():
    """README.md's "Publishing" table is where a reader checks our supply chain:
    it must name exactly the pins the workflows use."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| ([\w.-]+/[\w.-]+) \| (v[\d.]+) \| `([0-9a-f]{40})` \|$", readme, re.M))
    used = set()
    for path in workflow_files():
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        for node in _uses_nodes(yaml.compose(text)):
            action, sha = node.value.strip().rsplit("@", 1)
            version = VERSION_COMMENT.search(lines[node.start_mark.line]).group(0).lstrip("# ")
            used.add((action, version, sha))
    missing = [f"| {a} | {v} | `{s}` |" for a, v, s in sorted(used - listed)]
    stale = [f"| {a} | {v} | `{s}` |" for a, v, s in sorted(listed - used)]
    assert not missing and not stale, ("README.md, section Publishing: "
                                       + (f"add these rows: {missing}. " if missing else "")
                                       + (f"remove these rows: {stale}" if stale else ""))


def test_workflows_match_the_github_workflow_schema():
    result = check_jsonschema("vendor.github-workflows", workflow_files())
    assert result.returncode == 0, result.stdout + result.stderr


def test_dependabot_config_matches_its_schema():
    result = check_jsonschema("vendor.dependabot", [DEPENDABOT])
    assert result.returncode == 0, result.stdout + result.stderr


def test_issue_templates_match_their_schemas():
    forms = sorted(
        path
        for path in [*ISSUE_TEMPLATES.glob("*.yml"), *ISSUE_TEMPLATES.glob("*.yaml")]
        if path.stem != "config"
    )
    assert forms, "no issue forms in .github/ISSUE_TEMPLATE"
    result = check_jsonschema("vendor.github-issue-forms", forms)
    assert result.returncode == 0, result.stdout + result.stderr
    result = check_jsonschema("vendor.github-issue-config", [ISSUE_TEMPLATES / "config.yml"])
    assert result.returncode == 0, result.stdout + result.stderr


def test_dependabot_covers_each_ecosystem_weekly_grouped_with_a_cooldown():
    updates = {u["package-ecosystem"]: u for u in load(DEPENDABOT)["updates"]}
    assert set(updates) == {"uv", "github-actions", "npm", "docker"}, sorted(updates)
    for ecosystem, update in updates.items():
        assert update["schedule"]["interval"] == "weekly", ecosystem
        assert update.get("cooldown", {}).get("default-days", 0) >= 7, ecosystem
        groups = update.get("groups") or {}
        assert any(g.get("patterns") == ["*"] for g in groups.values()), ecosystem


def test_every_container_image_is_pinned_by_digest():
    images = container_images(WORKFLOWS)
    assert len(images) >= 4, images
    problems = unpinned_images(WORKFLOWS)
    assert not problems, "Unpinned images:\n" + "\n".join(problems)


def test_the_container_digest_is_the_one_dependabot_keeps_fresh():
    """Dependabot's docker ecosystem reads .github/ci-image/Dockerfile, not
    workflow files: every workflow image must be the image pinned there."""
    pinned = re.search(r"^FROM\s+(\S+)", CI_IMAGE.read_text(encoding="utf-8"), re.M).group(1)
    assert DIGEST_IMAGE.match(pinned), f"{_rel(CI_IMAGE)}: {pinned} is not pinned by digest"
    docker = [u for u in load(DEPENDABOT)["updates"] if u["package-ecosystem"] == "docker"]
    assert [u["directory"] for u in docker] == ["/.github/ci-image"], docker
    stale = [f"{where}: {image}" for where, image in container_images(WORKFLOWS) if image != pinned]
    assert not stale, (f"copy the digest from {_rel(CI_IMAGE)} ({pinned}) into:\n" + "\n".join(stale))


def test_tracking_issues_are_matched_by_title_and_author():
    assert list(_issue_steps(WORKFLOWS)), "no step writes to an issue"
    problems = tracking_issue_problems(WORKFLOWS)
    assert not problems, "\n".join(problems)


def test_reports_are_fenced_so_they_cannot_break_out():
    problems = unfenced_reports(WORKFLOWS)
    assert not problems, "\n".join(problems)


HOSTILE = "ok\n```\n<img src=x onerror=alert(1)>\n@maintainer [click](https://x.example)\n`````` six\nend"
GH_STUB = """#!/usr/bin/env bash
echo "$*" >> "$GH_LOG"
if [ "$1 $2" = "issue list" ]; then
  case " $* " in *" --author app/github-actions "*) printf '%s\\n' "$GH_OURS" ;; esac
  exit 0
fi
while [ $# -gt 0 ]; do
  if [ "$1" = "--body-file" ]; then cp "$2" "$GH_BODY"; fi
  shift
done
"""


@pytest.mark.parametrize("ours", ["", "42"])
def test_the_issue_steps_fence_hostile_text_and_use_only_our_issue(tmp_path, ours):
    """Run each issue-writing script with a stand-in `gh`: a report holding
    backtick runs stays inside one code block, and only an issue that the
    search by our author returns is updated (else a new one is opened)."""
    stub = tmp_path / "bin" / "gh"
    stub.parent.mkdir()
    stub.write_text(GH_STUB, encoding="utf-8")
    stub.chmod(0o755)
    steps = list(_issue_steps(WORKFLOWS))
    assert len(steps) >= 2, steps
    for where, step in steps:
        log, body = tmp_path / "gh.log", tmp_path / "body.md"
        log.unlink(missing_ok=True)
        env = {"PATH": f"{stub.parent}:/usr/bin:/bin", "RUNNER_TEMP": str(tmp_path), "GH_LOG": str(log),
               "GH_BODY": str(body), "GH_OURS": ours, "HOME": str(tmp_path)}
        for name, value in (step.get("env") or {}).items():
            env[name] = HOSTILE if "needs." in str(value) else ("https://run.example/1" if "${{" in str(value)
                                                                  else str(value))
        result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                                env=env, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, f"{where}: {result.stderr}"
        calls = log.read_text(encoding="utf-8")
        if ours:
            assert re.search(r"^issue (comment|edit) 42\b", calls, re.M), f"{where}: {calls}"
            assert "issue create" not in calls, f"{where}: {calls}"
        else:
            assert re.search(r"^issue create\b", calls, re.M), f"{where}: {calls}"
        text = body.read_text(encoding="utf-8")
        opening = re.search(r"^(`{3,})text$", text, re.M)
        assert opening, f"{where}: no code fence in\n{text}"
        fence = opening.group(1)
        assert len(fence) > max(len(run) for run in re.findall(r"`+", HOSTILE)), f"{where}: fence {fence}"
        inside = text[opening.end() + 1:]
        assert inside.startswith(HOSTILE + "\n" + fence + "\n"), f"{where}: the text is not fenced whole:\n{text}"


def test_zizmor_reports_no_findings():
    result = zizmor(*workflow_files(), DEPENDABOT)
    assert result.returncode == 0, (
        f"zizmor exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    )


def test_top_level_permissions_are_empty_and_jobs_have_timeouts():
    problems = permission_and_timeout_problems(WORKFLOWS)
    assert not problems, "\n".join(problems)


def test_no_expressions_inside_run_scripts():
    problems = expressions_in_run_scripts(WORKFLOWS)
    assert not problems, "\n".join(problems)


def test_pull_request_code_never_gets_a_privileged_trigger():
    for path in workflow_files():
        workflow = load(path)
        # PyYAML (YAML 1.1) reads the key `on` as the boolean True.
        triggers = workflow.get("on", workflow.get(True))
        names = set(triggers) if isinstance(triggers, (dict, list)) else {triggers}
        assert not names & {"pull_request_target", "workflow_run"}, (path.name, names)


# --------------------------------------------------------------------------
# the checks can fail: feed each one a broken workflow

BROKEN_WORKFLOW = """\
name: broken
on: pull_request
permissions:
  contents: write
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065
      - uses: actions/cache@8b402f5 # v4
      - uses: ./.github/actions/local-thing
      - uses: docker://alpine:3
      - run: echo "${{ github.event.pull_request.title }}"
"""

GOOD_WORKFLOW = """\
name: good
on: push
permissions: {}
jobs:
  build:
    runs-on: ubuntu-latest
    timeout-minutes: 5
    permissions:
      contents: read
    steps:
      - uses: actions/checkout@08eba0b27e820071cde6df949e0beb9ba4906955 # v4.3.0
        with:
          persist-credentials: false
      - uses: ./.github/actions/local-thing
      - run: echo "$TITLE"
        env:
          TITLE: ${{ github.event.head_commit.message }}
"""


@pytest.fixture
def broken_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "broken"
    directory.mkdir()
    (directory / "broken.yml").write_text(BROKEN_WORKFLOW, encoding="utf-8")
    return directory


@pytest.fixture
def good_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "good"
    directory.mkdir()
    (directory / "good.yml").write_text(GOOD_WORKFLOW, encoding="utf-8")
    return directory


def test_pin_check_reports_tags_short_shas_missing_comments_and_docker_tags(broken_dir):
    problems = unpinned_uses(broken_dir)
    joined = "\n".join(problems)
    assert len(problems) == 4, joined
    assert "broken.yml:9: actions/checkout@v4 -- not pinned" in joined
    assert "broken.yml:10: actions/setup-python@" in joined and "no version comment" in joined
    assert "broken.yml:11: actions/cache@8b402f5 -- not pinned" in joined
    assert "broken.yml:13: docker://alpine:3 -- docker image not pinned" in joined
    assert "local-thing" not in joined


def test_pin_check_accepts_a_full_sha_with_a_version_comment(good_dir):
    assert unpinned_uses(good_dir) == []


def test_pin_consistency_check_reports_two_commits_for_one_action(tmp_path):
    (tmp_path / "a.yml").write_text(GOOD_WORKFLOW, encoding="utf-8")
    (tmp_path / "b.yml").write_text(
        GOOD_WORKFLOW.replace(
            "08eba0b27e820071cde6df949e0beb9ba4906955 # v4.3.0",
            "11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2",
        ),
        encoding="utf-8",
    )
    problems = inconsistent_pins(tmp_path)
    assert len(problems) == 1 and "actions/checkout" in problems[0], problems


def test_policy_check_reports_permissions_timeouts_and_persisted_credentials(
    broken_dir, good_dir
):
    problems = permission_and_timeout_problems(broken_dir)
    joined = "\n".join(problems)
    assert len(problems) == 3, joined
    assert "top-level `permissions: {}` is missing" in joined
    assert "job `build` has no `timeout-minutes`" in joined
    assert "without `persist-credentials: false`" in joined
    assert permission_and_timeout_problems(good_dir) == []


def test_run_script_check_reports_an_expression(broken_dir, good_dir):
    assert len(expressions_in_run_scripts(broken_dir)) == 1
    assert expressions_in_run_scripts(good_dir) == []


def test_schema_check_rejects_a_job_without_runs_on(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  build:\n    steps:\n      - run: true\n", encoding="utf-8"
    )
    result = check_jsonschema("vendor.github-workflows", [bad])
    assert result.returncode != 0, result.stdout + result.stderr


def test_zizmor_flags_a_broken_workflow(broken_dir):
    result = zizmor(broken_dir / "broken.yml")
    assert result.returncode != 0, result.stdout + result.stderr
    assert "template-injection" in result.stdout, result.stdout


ISSUE_WORKFLOW = """\
name: issue
on: push
permissions: {}
jobs:
  check:
    runs-on: ubuntu-latest
    timeout-minutes: 5
    container:
      image: debian:bookworm
    services:
      db:
        image: postgres:16
    steps:
      - run: echo ok
  post:
    needs: check
    runs-on: ubuntu-latest
    timeout-minutes: 5
    steps:
      - env:
          REPORT: ${{ needs.check.outputs.report }}
        run: |
          printf '```\\n%s\\n```\\n' "$REPORT" > body.md
          number="$(gh issue list --search "Report in:title" --json number --jq '.[0].number')"
          gh issue comment "$number" --body-file body.md
"""


def test_image_author_and_fence_checks_report_a_broken_workflow(tmp_path):
    (tmp_path / "issue.yml").write_text(ISSUE_WORKFLOW, encoding="utf-8")
    images = unpinned_images(tmp_path)
    assert len(images) == 2 and "debian:bookworm" in images[0] and "postgres:16" in images[1], images
    authors = tracking_issue_problems(tmp_path)
    assert len(authors) == 2 and "--author app/github-actions" in authors[0], authors
    fences = unfenced_reports(tmp_path)
    assert len(fences) == 1 and "$REPORT" in fences[0], fences
