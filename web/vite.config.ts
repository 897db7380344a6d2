// Build configuration for the Clientnote web app (SvelteKit 3: no svelte.config.js,
// the Kit options live in the sveltekit() plugin call below).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { sveltekit } from '@sveltejs/kit/vite';
import adapter from '@sveltejs/adapter-node';
import tailwindcss from '@tailwindcss/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
	plugins: [
		tailwindcss(),
		paraglideVitePlugin({
			// Absolute paths so the relative plugin path in settings.json resolves the same
			// whether vite runs from web/ (npm -w) or from the repository root.
			project: here('./project.inlang'),
			outdir: here('./src/lib/paraglide'),
			// Server: cookie cn_locale, then Accept-Language, then Danish.
			// Browser: the cookie, else the <html lang> the server rendered, so hydration
			// never disagrees with the server (see src/hooks.client.ts).
			strategy: ['cookie', 'custom-htmlLang', 'preferredLanguage', 'baseLocale'],
			cookieName: 'cn_locale',
			emitGitIgnore: false,
			emitReadme: false
		}),
		sveltekit({
			adapter: adapter(),
			csp: {
				mode: 'auto',
				directives: {
					'default-src': ['self'],
					'script-src': ['self'],
					'style-src': ['self', 'unsafe-inline'],
					'img-src': ['self', 'data:'],
					'font-src': ['self'],
					'connect-src': ['self'],
					'form-action': ['self'],
					'frame-ancestors': ['none'],
					'base-uri': ['self'],
					'object-src': ['none']
				}
			}
		})
	]
});
