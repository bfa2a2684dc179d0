// The Saved operations plugin: the operations of operations/, by audience folder (the analysts'
// first), each opened in a new editor tab with its starting variables, to run and adapt.
import { useEffect, useState } from 'react';
import { useEditorContext, type GraphiQLPlugin } from '@graphiql/react';
import type { CollectionEntry } from '../src/explorer.ts';

const folderNames: Record<string, string> = {
  analyst: 'Analysts',
  public: 'Everyone (public)',
  police: 'Police',
  partner: 'Partner organisations',
  business: 'Businesses',
};

let loaded: Promise<CollectionEntry[]> | undefined;
const loadCollection = () =>
  (loaded ??= fetch('/explorer/operations.json', { headers: { accept: 'application/json' } }).then((response) => {
    if (!response.ok) throw new Error(`The saved operations could not be read (${response.status})`);
    return response.json() as Promise<CollectionEntry[]>;
  }));

function CollectionContent() {
  const editors = useEditorContext({ nonNull: true });
  const [entries, setEntries] = useState<CollectionEntry[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    loadCollection().then(setEntries, (error: Error) => setProblem(error.message));
  }, []);
  const open = (entry: CollectionEntry) => {
    editors.addTab();
    // The new tab's (empty) values reach the editors once React has applied the tab change.
    setTimeout(() => {
      editors.queryEditor?.setValue(entry.text);
      editors.variableEditor?.setValue(JSON.stringify(entry.variables, null, 2));
    }, 0);
  };
  const folders = entries ? [...new Set(entries.map((entry) => entry.folder))] : [];
  return (
    <div className="bch-plugin bch-collection">
      <div className="graphiql-doc-explorer-title">Saved operations</div>
      <p>The hub's saved operations, by who uses them. Open one in a new tab, run it, change it: what you may see follows the role of your token.</p>
      {problem ? <p className="bch-problem">{problem}</p> : null}
      {entries === null && !problem ? <p>Loading…</p> : null}
      {folders.map((folder) => (
        <section key={folder} className="bch-folder" data-folder={folder}>
          <h3>{folderNames[folder] ?? folder}</h3>
          <ul>
            {entries!
              .filter((entry) => entry.folder === folder)
              .map((entry) => (
                <li key={entry.file}>
                  <button type="button" className="bch-operation" data-operation={entry.name} title={`Open ${entry.file} in a new tab`} onClick={() => open(entry)}>
                    {entry.name}
                  </button>
                  {entry.type === 'mutation' ? <span className="bch-badge">changes data</span> : null}
                </li>
              ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

function CollectionIcon() {
  return (
    <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.5">
      <path d="M4 5h6l2 2h8v12H4z" />
    </svg>
  );
}

export const collectionPlugin: GraphiQLPlugin = { title: 'Saved operations', icon: CollectionIcon, content: CollectionContent };
