//! Python agents played in process: a `negsim.Agent` (or any object with
//! the protocol's decisions as methods) behind the library's [`Hosted`]
//! seam. Each decision is the protocol's request line, handed under the
//! GIL to `negsim.agent._decide`, which calls the object's method and
//! returns the reply line; the library reads it with the same parser as a
//! process's reply. An exception in a method is a forfeit with its
//! message; Ctrl-C (KeyboardInterrupt) stops asking the agents and is
//! raised again when the call returns.

use negsim::agent::{Agent, Forfeit, Hosted};
use pyo3::exceptions::PyKeyboardInterrupt;
use pyo3::prelude::*;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// A Python object deciding for one agent.
struct PyAgent {
    obj: Py<PyAny>,
    /// `negsim.agent._decide(obj, line) -> (ok, reply line or message)`.
    decide: Py<PyAny>,
    shown: String,
    interrupted: Arc<AtomicBool>,
}

impl Hosted for PyAgent {
    fn decide(&self, request: &str) -> Result<String, String> {
        if self.interrupted.load(Ordering::Relaxed) {
            return Err("interrupted (KeyboardInterrupt)".into());
        }
        Python::attach(|py| {
            let out = self
                .decide
                .call1(py, (self.obj.bind(py), request))
                .and_then(|r| r.extract::<(bool, String)>(py));
            match out {
                Ok((true, line)) => Ok(line),
                Ok((false, message)) => Err(message),
                Err(e) => {
                    if e.is_instance_of::<PyKeyboardInterrupt>(py) {
                        self.interrupted.store(true, Ordering::Relaxed);
                    }
                    Err(format!("{e}"))
                }
            }
        })
    }

    fn shown(&self) -> String {
        self.shown.clone()
    }
}

/// The agents of one call, and whether Ctrl-C stopped one.
pub struct Agents {
    pub list: Vec<Arc<Agent>>,
    interrupted: Arc<AtomicBool>,
}

impl Agents {
    /// `(name, object)` pairs, each asked through `decide`.
    pub fn new(py: Python<'_>, pairs: Vec<(String, Py<PyAny>)>, decide: &Py<PyAny>) -> Agents {
        let interrupted = Arc::new(AtomicBool::new(false));
        let list = pairs
            .into_iter()
            .map(|(name, obj)| {
                let class = obj
                    .bind(py)
                    .get_type()
                    .name()
                    .map_or_else(|_| "?".to_string(), |n| n.to_string());
                let hosted = PyAgent {
                    obj,
                    decide: decide.clone_ref(py),
                    shown: format!("Python object {class}"),
                    interrupted: Arc::clone(&interrupted),
                };
                Arc::new(Agent::hosted(name, None, Box::new(hosted)))
            })
            .collect();
        Agents { list, interrupted }
    }

    /// `Err(KeyboardInterrupt)` if Ctrl-C stopped an agent.
    pub fn check(&self) -> PyResult<()> {
        if self.interrupted.load(Ordering::Relaxed) {
            return Err(PyKeyboardInterrupt::new_err(
                "negsim: interrupted while an agent decided",
            ));
        }
        Ok(())
    }
}

/// Forfeit rows: agent, opponent, side, seed, reason.
pub type Rows = Vec<(String, String, &'static str, u64, String)>;

/// The forfeits as rows.
pub fn forfeit_rows(forfeits: Vec<Forfeit>) -> Rows {
    forfeits
        .into_iter()
        .map(|f| (f.agent, f.opponent, ["A", "B"][f.side], f.seed, f.reason))
        .collect()
}
