// Vite bundles the stylesheet the chart imports; TypeScript only needs to know it exists.
declare module 'uplot/dist/uPlot.min.css';
