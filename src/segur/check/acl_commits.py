"""Access control of each commit of a pull request, against the rights of the account that made
it.

`segur.check.acl` judges the whole pull request as its author's; but anyone may push commits
into a pull request, and a commit pushed by an editor into an ANS-authored pull request would
then pass with the ANS's rights. Here each commit's own changes are judged with the roles of
the forge account behind that commit (`segur.check.acl_forge`), against the same access map:
the one of the pull request's BASE, never one a commit brings. Both checks apply; a change
passes only if the pull request's author AND the commit's account may make it.

What a commit changes:
- an ordinary commit: its tree against its first parent;
- a merge commit: only the paths whose content comes from none of its parents (a conflict
  resolved by hand, an "evil merge"). What a merge brings from another parent was made by
  commits that are either on the base already (a base branch merged in) or in the pull request,
  each judged on its own;
- within the pull request the journal is not yet recorded: an event added by an earlier commit
  of the same pull request may be corrected (judged as added again, on its content, with the
  correcting commit's account) or dropped. Append-only holds against the base.
A commit of the pull request that the forge's list does not hold (SEG-ACL-020), or whose
account the forge does not know (SEG-ACL-019), is refused when it changes anything: nobody can
say whose rights apply; so is a commit without parent (SEG-ACL-021, unrelated histories merged
in), whose files would reach the base attributed to nobody. Each other refusal is the usual
finding, prefixed with the commit and its account.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

from segur.check.acl import judge, read_access_map
from segur.check.acl_paths import place_of
from segur.findings.finding import Finding
from segur.load import git_history as gitlog
from segur.load.git_history import Change
from segur.model.access import ACCESS_FILE
from segur.rules.acl import COMMIT_NOT_LISTED, NO_FORGE_ACCOUNT, UNRELATED_COMMIT

SHORT_SHA = 12


def check_commits(
    repo_root: Path,
    base: str,
    head: str,
    logins: Mapping[str, str | None],
    source: str,
    central: Path | None = None,
) -> list[Finding]:
    """The refusals of each commit of `head` not on `base`, judged as the account `logins`
    gives it (the forge's list, read from `source`). Empty when the access map of the base is
    unusable: the check of the whole pull request already refuses everything then.

    Raises `gitlog.GitError` when a revision cannot be read.
    """
    base_sha = gitlog.resolve(repo_root, base)
    head_sha = gitlog.resolve(repo_root, head)
    loaded = read_access_map(repo_root, base_sha, central)
    if loaded is None or loaded.carte is None:
        return []
    # What the base has recorded: at the fork, and since (a base merged into the pull request).
    fork = gitlog.merge_base(repo_root, base_sha, head_sha)
    recorded = frozenset(gitlog.tree_paths(repo_root, fork)) | frozenset(
        gitlog.tree_paths(repo_root, base_sha)
    )
    findings: list[Finding] = []
    for sha, parents in gitlog.commits_between(repo_root, base_sha, head_sha):
        short = sha[:SHORT_SHA]
        if not parents:
            # A root commit brought in by a merge of unrelated histories: what it holds would
            # reach the base through the merge, attributed to nobody.
            findings.append(UNRELATED_COMMIT.at(ACCESS_FILE, 1, 1, sha=short))
            continue
        changes = own_changes(repo_root, sha, parents)
        changes = _within_pull_request(changes, recorded)
        if not changes:
            continue  # an empty commit, or a merge that only brings others' commits
        if sha not in logins:
            findings.append(COMMIT_NOT_LISTED.at(ACCESS_FILE, 1, 1, sha=short, file=source))
            continue
        login = logins[sha]
        if login is None:
            findings.append(NO_FORGE_ACCOUNT.at(ACCESS_FILE, 1, 1, sha=short))
            continue
        refusals = judge(repo_root, loaded.carte, login, base, base_sha, parents[0], sha, changes)
        findings.extend(_attributed(f, short, login) for f in refusals)
    return findings


def own_changes(repo_root: Path, sha: str, parents: Sequence[str]) -> list[Change]:
    """What the commit `sha` itself changes: against its first parent, and for a merge, only
    the paths that differ from every one of its parents."""
    changes = gitlog.changed_paths(repo_root, parents[0], sha)
    for other in parents[1:]:
        differ = {p for c in gitlog.changed_paths(repo_root, other, sha) for p in c.paths}
        changes = [c for c in changes if all(p in differ for p in c.paths)]
    return changes


def _within_pull_request(changes: Sequence[Change], recorded: Collection[str]) -> list[Change]:
    """`changes`, with the journal files the base does not hold yet (added by an earlier commit
    of the pull request) judged as added when changed, and left out when removed."""
    kept: list[Change] = []
    for change in changes:
        new = change.status != gitlog.DELETED
        if change.old_path is not None and _pending_event(change.old_path, recorded):
            # A rename of a pending event: its source was never recorded.
            change = dataclasses.replace(change, status=gitlog.ADDED, old_path=None)
        if _pending_event(change.path, recorded):
            if not new:
                continue
            change = dataclasses.replace(change, status=gitlog.ADDED)
        kept.append(change)
    return kept


def _pending_event(path: str, recorded: Collection[str]) -> bool:
    return place_of(path).journal and path not in recorded


def _attributed(finding: Finding, short: str, login: str) -> Finding:
    return dataclasses.replace(
        finding, message=f"commit {short} de « {login} » : {finding.message}"
    )
