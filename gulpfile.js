const path = require('path');
const { task, src, dest, parallel } = require('gulp');

// Copies the SVG/PNG icons of nodes/ and icons/ next to the compiled files, keeping their folder structure. n8n-node
// build copies images too (every one it finds); this step is the one the package relies on for its own icons.
const copyFrom = (folder) =>
	function copyIcons() {
		return src(path.resolve(folder, '**', '*.{png,svg}'), { encoding: false }).pipe(
			dest(path.resolve('dist', folder)),
		);
	};

task('build:icons', parallel(copyFrom('nodes'), copyFrom('icons')));
