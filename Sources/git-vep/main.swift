print("git-vep")
