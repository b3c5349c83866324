// Mantine's media-query and rem helpers in the app's own CSS.
module.exports = { plugins: { 'postcss-preset-mantine': {} } };
