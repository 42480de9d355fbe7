"""The register description (privacy notice), generated from the data map."""
