"""Side effects agents and the lifecycle use: the workspace, the sandbox, the browser, local and Cloud Run deploys."""
