//! Checks of a gazetteer as a whole that no single record shows: memberships that
//! go round (`a` a member of `b`, a member of `a`; or of itself, which
//! `--knowledge` would draw as a self-loop), and aliases of one character (`I`
//! would match the pronoun). Each is reported as `file:line` with what to do.

use super::Entity;
use super::raw::RawEntity;
use crate::error::Problem;

/// Refuses memberships of an entity in itself, directly or through others.
pub(crate) fn check_memberships(
    entities: &[Entity],
    raws: &[RawEntity],
    problems: &mut Vec<Problem>,
) {
    // The line of the membership of `member` in `org`.
    let line = |org: usize, member: usize| {
        let id = &entities[member].id;
        raws.get(org)
            .and_then(|r| r.members.iter().find(|m| m.id.as_deref() == Some(id.as_str())))
            .map_or(0, |m| m.line)
    };
    // Edges from a member to the organisations it belongs to.
    let mut of: Vec<Vec<usize>> = vec![Vec::new(); entities.len()];
    for (org, e) in entities.iter().enumerate() {
        for m in &e.members {
            let member = m.member.as_usize();
            if member == org {
                problems.push(
                    Problem::new(
                        e.source.at(line(org, org)),
                        format!("`{}` is listed as a member of itself", e.id),
                    )
                    .hint("remove this member"),
                );
            } else if !of[member].contains(&org) {
                of[member].push(org);
            }
        }
    }
    // A depth-first walk: a membership that leads back to an entity on the
    // current path closes a cycle.
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnPath,
        Done,
    }
    let mut mark = vec![Mark::New; entities.len()];
    for root in 0..entities.len() {
        if mark[root] != Mark::New {
            continue;
        }
        let mut path: Vec<(usize, usize)> = vec![(root, 0)];
        mark[root] = Mark::OnPath;
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            let Some(&org) = of[node].get(*next) else {
                mark[node] = Mark::Done;
                path.pop();
                continue;
            };
            *next += 1;
            match mark[org] {
                Mark::New => {
                    mark[org] = Mark::OnPath;
                    path.push((org, 0));
                }
                Mark::OnPath => {
                    let from = path.iter().position(|&(n, _)| n == org).unwrap_or(0);
                    let mut chain: Vec<&str> =
                        path[from..].iter().map(|&(n, _)| entities[n].id.as_str()).collect();
                    chain.push(&entities[org].id);
                    problems.push(
                        Problem::new(
                            entities[org].source.at(line(org, node)),
                            format!(
                                "memberships go round: {}; an organisation cannot contain itself",
                                chain.join(" is a member of ")
                            ),
                        )
                        .hint("remove one of these memberships"),
                    );
                }
                Mark::Done => {}
            }
        }
    }
}

/// Refuses aliases of one character.
pub(crate) fn check_short_aliases(entities: &[Entity], problems: &mut Vec<Problem>) {
    for e in entities {
        for a in &e.aliases {
            if a.text.trim().chars().count() == 1 {
                problems.push(
                    Problem::new(
                        e.source.at(a.line),
                        format!(
                            "alias {:?} of `{}` is one character: it would match every {:?} \
                             (a pronoun, an initial, a list item)",
                            a.text, e.id, a.text
                        ),
                    )
                    .hint("write the name in full, or an abbreviation of two or more letters"),
                );
            }
        }
    }
}
