// A Vue app embedding <kl-enroll>/<kl-auth>; see App.vue. Configuration as in the React page.
import { createApp } from 'vue';
import App from './App.vue';

await import(/* @vite-ignore */ window.likenessTest.components);
createApp(App, { ...window.likenessTest }).mount('#app');
