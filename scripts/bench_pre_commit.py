# Part of scripts/bench: vep-pre-commit on a one-VEP staged change, next to a no-op hook, in the same run.
"""The staged change lives in a copy of the index and a temporary object folder (the repository's own
objects as its alternate), both removed afterwards: the benchmark repository is never written."""
import os
import shutil
import subprocess
import sys
import tempfile


def bench_pre_commit(measure, bin_dir, repo, env, runs, root):
    hook = os.path.join(bin_dir, "vep-pre-commit")
    if not os.path.exists(hook):
        subprocess.run(["swift", "build", "-c", "release", "--static-swift-stdlib", "--product", "vep-pre-commit"], cwd=root, check=True,
                       stdout=subprocess.DEVNULL)
    if not os.path.exists(hook):
        sys.exit(f"bench: {hook} is missing (build the vep-pre-commit product)")
    scratch = tempfile.mkdtemp(prefix="git-vep-bench-pre-commit-")
    try:
        objects = os.path.join(scratch, "objects")
        os.makedirs(objects)
        index = os.path.join(scratch, "index")
        shutil.copyfile(os.path.join(repo, ".git", "index"), index)
        staged_env = dict(env, GIT_INDEX_FILE=index, GIT_OBJECT_DIRECTORY=objects,
                          GIT_ALTERNATE_OBJECT_DIRECTORIES=os.path.join(repo, ".git", "objects"))
        # The first VEP that passes lint as it stands (a generated history leaves some with errors, which the hook
        # would rightly refuse): the benchmark stages an edit that is fine.
        candidates = (line for line in subprocess.run(["git", "ls-files", "veps/"], cwd=repo, env=env, check=True,
                                                      capture_output=True, text=True).stdout.splitlines()
                      if line.endswith("/vep.md") and "template" not in line)
        path = next(line for line in candidates
                    if subprocess.run([os.path.join(bin_dir, "git-vep"), "lint", os.path.dirname(line)], cwd=repo, env=env,
                                      capture_output=True).returncode == 0)
        text = subprocess.run(["git", "show", f"HEAD:{path}"], cwd=repo, env=env, check=True, capture_output=True).stdout
        blob = subprocess.run(["git", "hash-object", "-w", "--stdin"], cwd=repo, env=staged_env, check=True,
                              input=text + b"\nA staged edit of the body.\n", capture_output=True).stdout.decode().strip()
        subprocess.run(["git", "update-index", "--cacheinfo", f"100644,{blob},{path}"], cwd=repo, env=staged_env, check=True)
        # Each run takes milliseconds: many runs give a stable median.
        runs = max(runs, 31)
        noop, _ = measure(["true"], repo, staged_env, runs)
        seconds, rss = measure([hook], repo, staged_env, runs)
        width = 60
        print(f"{('no-op pre-commit hook (true)').ljust(width)}  {noop * 1000:7.1f} ms")
        print(f"{('vep-pre-commit, one VEP staged (' + path.split('/')[2] + ')').ljust(width)}  {seconds * 1000:7.1f} ms"
              f"  {rss:5.0f} MB")
        print(f"budget (DESIGN §7): pre-commit ≤ 25 ms: {'met' if seconds <= 0.025 else 'NOT met'}")
        return seconds
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
