import { render } from 'preact';
import { App } from './app.tsx';
import { store } from './store.ts';
import './styles.css';

store.connect();
render(<App />, document.getElementById('app')!);
