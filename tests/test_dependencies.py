"""Known vulnerabilities in the locked dependencies (pip-audit over ``uv export``).

Fails on a critical vulnerability that has a fix the project could take: a fix version that
the constraints in pyproject.toml allow (any fix, for a transitive dependency). "Critical"
means severity CRITICAL where pip-audit reports a severity, otherwise an id (or alias)
listed in tests/critical_vulns.txt, which the project maintains. Without network access
nothing can be audited and the test is skipped, saying so.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Optional, Set

import pytest

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    tomllib = None

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from core.settings import PROJECT_ROOT
from tests.support.uv import find_uv

CRITICAL_LIST = Path(__file__).with_name("critical_vulns.txt")
AUDIT_TIMEOUT = 50


def listed_critical_ids() -> Set[str]:
    if not CRITICAL_LIST.exists():
        return set()
    lines = (line.split("#", 1)[0].strip() for line in CRITICAL_LIST.read_text(encoding="utf-8").splitlines())
    return {line.upper() for line in lines if line}


def direct_constraints() -> Dict[str, SpecifierSet]:
    """Constraints of the project's direct dependencies, from pyproject.toml."""
    text = (PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    if tomllib is not None:
        data = tomllib.loads(text)
        names = list(data["project"]["dependencies"]) + [
            d for group in data.get("dependency-groups", {}).values() for d in group if isinstance(d, str)]
    else:
        import re
        names = re.findall(r'^\s*"([A-Za-z0-9_.\-\[\]]+[^"]*)",?\s*$', text, flags=re.M)
    constraints: Dict[str, SpecifierSet] = {}
    for line in names:
        try:
            requirement = Requirement(line)
        except Exception:
            continue
        constraints[canonicalize_name(requirement.name)] = requirement.specifier
    return constraints


def is_critical(vuln: Dict, critical_ids: Set[str]) -> bool:
    severity = str(vuln.get("severity") or "").upper()
    if severity:
        return severity == "CRITICAL"
    ids = {str(vuln.get("id", "")).upper(), *(str(a).upper() for a in vuln.get("aliases", []) or [])}
    return bool(ids & critical_ids)


def fixable(package: str, vuln: Dict, constraints: Dict[str, SpecifierSet]) -> bool:
    fixes = vuln.get("fix_versions") or []
    allowed = constraints.get(canonicalize_name(package))
    return any(allowed is None or allowed.contains(fix, prereleases=True) for fix in fixes)


def blocking(report: Dict, critical_ids: Set[str], constraints: Dict[str, SpecifierSet]) -> List[str]:
    found = []
    for dependency in report.get("dependencies", []):
        for vuln in dependency.get("vulns", []) or []:
            if is_critical(vuln, critical_ids) and fixable(dependency["name"], vuln, constraints):
                found.append(f"{dependency['name']} {dependency.get('version')}: {vuln.get('id')} "
                             f"(fixed in {', '.join(vuln.get('fix_versions') or [])})")
    return found


def test_policy_helpers():
    constraints = {"redis": SpecifierSet(">=4.5,<5")}
    critical = {"GHSA-XXXX"}
    vuln = {"id": "PYSEC-1", "aliases": ["GHSA-xxxx"], "fix_versions": ["4.6.1"]}
    assert is_critical(vuln, critical) and fixable("redis", vuln, constraints)
    assert not fixable("redis", {**vuln, "fix_versions": ["5.0.1"]}, constraints)  # fix needs a new major: reported, not failed
    assert fixable("idna", {**vuln, "fix_versions": ["3.7"]}, constraints)  # transitive: any fix
    assert is_critical({"id": "X", "severity": "critical"}, set())
    assert not is_critical({"id": "GHSA-XXXX", "severity": "HIGH"}, critical)
    report = {"dependencies": [{"name": "redis", "version": "4.6.0", "vulns": [vuln]},
                               {"name": "jinja2", "version": "3.1.0", "vulns": [{"id": "PYSEC-2", "fix_versions": ["3.1.4"]}]}]}
    assert blocking(report, critical, constraints) == ["redis 4.6.0: PYSEC-1 (fixed in 4.6.1)"]


def test_locked_dependencies_have_no_fixable_critical_vulnerability(tmp_path):
    uv = find_uv()
    if uv is None:
        pytest.skip("uv is not installed: cannot export the locked dependencies")
    requirements = tmp_path / "requirements.txt"
    exported = subprocess.run(
        [uv, "export", "--project", str(PROJECT_ROOT), "--frozen", "--no-hashes", "--no-emit-project",
         "--format", "requirements-txt", "--output-file", str(requirements)],
        capture_output=True, text=True, timeout=60,
    )
    assert exported.returncode == 0, exported.stderr
    uvx = shutil.which("uvx") or str(Path(uv).with_name("uvx"))
    command = [uvx, "pip-audit", "-r", str(requirements), "--no-deps", "--disable-pip", "-f", "json"]
    try:
        audit = subprocess.run(command, capture_output=True, text=True, timeout=AUDIT_TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.skip(f"pip-audit did not finish within {AUDIT_TIMEOUT}s (no network?): nothing audited")
    try:
        report = json.loads(audit.stdout or "{}")
    except json.JSONDecodeError:
        pytest.skip(f"pip-audit could not run (exit {audit.returncode}): {audit.stderr.strip()[-300:]}")
    dependencies = report.get("dependencies", [])
    audited = [d for d in dependencies if "skip_reason" not in d]
    skipped = [d for d in dependencies if "skip_reason" in d]
    vulnerable = [d for d in audited if d.get("vulns")]
    print(f"pip-audit: {len(dependencies)} locked packages, {len(audited)} audited, {len(skipped)} not audited, "
          f"{sum(len(d['vulns']) for d in vulnerable)} known vulnerabilities in {len(vulnerable)} packages", file=sys.stderr)
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            print(f"  {dependency['name']} {dependency['version']}: {vuln.get('id')} fix {vuln.get('fix_versions')}",
                  file=sys.stderr)
    if not audited:
        reasons = sorted({d["skip_reason"].split(":", 1)[0] for d in skipped}) or ["pip-audit reported no packages"]
        pytest.skip(f"nothing could be audited ({len(skipped)} packages): {'; '.join(reasons)}")
    problems = blocking(report, listed_critical_ids(), direct_constraints())
    assert not problems, "critical vulnerabilities with a compatible fix:\n" + "\n".join(problems)
