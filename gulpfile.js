const path = require('path');
const { task, src, dest, parallel } = require('gulp');

// Copies the SVG/PNG icons next to the compiled files, keeping their folder structure.
const copyFrom = (folder) =>
	function copyIcons() {
		return src(path.resolve(folder, '**', '*.{png,svg}'), { encoding: false }).pipe(
			dest(path.resolve('dist', folder)),
		);
	};

task('build:icons', parallel(copyFrom('nodes'), copyFrom('icons')));
