const NexusForge = require('nexusforge-sdk');

const client = new NexusForge({
  apiKey: 'pk_live_...',
  baseUrl: 'https://api.nexusforge.example.com'
});

async function buildApp() {
  // Start build
  const build = await client.builds.create({
    prompt: 'Build a real-time chat application',
    config: {
      useAdaptiveThinking: true,
      enableVideoDemo: true
    }
  });
  
  // Connect to WebSocket for updates
  const ws = client.builds.subscribe(build.sessionId);
  
  ws.on('progress_update', (data) => {
    console.log(`${data.phase}: ${data.progress}%`);
  });
  
  ws.on('build_completed', (data) => {
    console.log(`App deployed: ${data.deployment_url}`);
  });
}
